// The built share viewer (electron-vite → out/renderer/viewer.html + assets/) as S3 publishing needs
// it: the page template and exactly the asset files it loads, directly or through other assets
// (chunks importing chunks, CSS naming fonts), not the whole app's assets.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ViewerAsset {
  name: string;
  path: string;
  bytes: number;
}

export interface ViewerBundle {
  html: string;
  assets: ViewerAsset[];
}

const TEXT_ASSET = /\.(js|mjs|css|html|json|svg|webmanifest)$/i;

export function loadViewerBundle(rendererDir: string): ViewerBundle {
  const html = readFileSync(join(rendererDir, 'viewer.html'), 'utf8');
  const assetsDir = join(rendererDir, 'assets');
  let names: string[] = [];
  try {
    names = readdirSync(assetsDir).filter((n) => statSync(join(assetsDir, n)).isFile());
  } catch {
    names = []; // a page without assets (tests, or everything inlined)
  }
  const referencedBy = (text: string): string[] => names.filter((n) => text.includes(`assets/${n}`) || text.includes(`/${n}`) || text.includes(`"${n}"`) || text.includes(`'${n}'`) || text.includes(`(${n}`));
  const wanted = new Set(names.filter((n) => html.includes(`assets/${n}`)));
  const queue = [...wanted];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (!TEXT_ASSET.test(name)) continue;
    for (const other of referencedBy(readFileSync(join(assetsDir, name), 'utf8'))) {
      if (!wanted.has(other)) {
        wanted.add(other);
        queue.push(other);
      }
    }
  }
  const assets = [...wanted].sort().map((name) => {
    const path = join(assetsDir, name);
    return { name, path, bytes: statSync(path).size };
  });
  return { html, assets };
}
