// The app's mark, drawn in code until resources/ has real icons: a red record dot in a light ring,
// 32x32 PNG (417 bytes). Used for the tray and the window.
import { nativeImage, type NativeImage } from 'electron';

const RECORD_DOT_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAABaElEQVR42tVXMa6DMAztwsjEwiW4BxJiYWTjFiBxAcQJegvUrZfo1CUHAKn6h3hfkcyXv3FRm/KVfCRLKIn97GfHSU6n//QBKAAMAK4ADIAHiaExO1ccDRoD6Ajk60UxpBN/Cl4rwAuACcAIoCUZaWxRHKldwQdhzAJUAKIdnYjWTEJ3eBf8zJTv1qhDABXprnbOLpHbSFK5Zs7LbM7LZs7LnsT+Z4qtVLAxvJJzDh4JYAt0m/MST8TONUpauBP1XrUbRnvKgJM5Ly87wFLs2kQwcWeFGWsOdMzLSoDf3gDnbCSiJlb7nebAGv0kaL84gP8wITDWVBitw2nRNx+Ar9I8YaHQKn/hhedI/SYVoiCXzY6gPv6LftpqOEgyJQ1XLf/jwfRraRg3dUAnmh1smQP9gQ70DKslrEdQDnhPgfci9L4N/TYi7604lMPI73Hs/UISxJUsiEtpENfyIB4mQTzNgnic/vX3DSB1Gxp8hNPyAAAAAElFTkSuQmCC';

export function appIcon(): NativeImage {
  return nativeImage.createFromDataURL(RECORD_DOT_PNG);
}

export function trayIcon(platform: NodeJS.Platform): NativeImage {
  // macOS menu-bar icons are 16 pt; other trays scale the 32 px image to their size
  return platform === 'darwin' ? appIcon().resize({ width: 16, height: 16 }) : appIcon();
}
