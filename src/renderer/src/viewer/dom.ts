// Typed lookups of the elements viewer.html declares; a missing one is a bug in the page, not a state.
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`viewer.html has no <${type.name}> #${id}`);
  return element;
}

export interface ViewerElements {
  root: HTMLElement;
  player: HTMLElement;
  video: HTMLVideoElement;
  bigPlay: HTMLButtonElement;
  flash: HTMLElement;
  message: HTMLElement;
  messageTitle: HTMLElement;
  messageDetail: HTMLElement;
  notice: HTMLElement;
  controls: HTMLElement;
  seek: HTMLElement;
  seekInput: HTMLInputElement;
  preview: HTMLElement;
  previewImage: HTMLElement;
  previewTime: HTMLElement;
  previewChapter: HTMLElement;
  play: HTMLButtonElement;
  mute: HTMLButtonElement;
  volume: HTMLInputElement;
  timeCurrent: HTMLElement;
  timeDuration: HTMLElement;
  live: HTMLButtonElement;
  speed: HTMLSelectElement;
  qualityMenu: HTMLElement;
  quality: HTMLSelectElement;
  captions: HTMLButtonElement;
  fullscreen: HTMLButtonElement;
  pip: HTMLButtonElement;
  shortcuts: HTMLElement;
  shortcutsList: HTMLElement;
  shortcutsClose: HTMLButtonElement;
  title: HTMLElement;
  badgeLive: HTMLElement;
  badgeBackfill: HTMLElement;
  duration: HTMLElement;
  download: HTMLAnchorElement;
}

export function viewerElements(): ViewerElements {
  const el = (id: string) => byId(id, HTMLElement);
  return {
    root: el('viewer'),
    player: el('player'),
    video: byId('video', HTMLVideoElement),
    bigPlay: byId('big-play', HTMLButtonElement),
    flash: el('flash'),
    message: el('message'),
    messageTitle: el('message-title'),
    messageDetail: el('message-detail'),
    notice: el('notice'),
    controls: el('controls'),
    seek: el('seek'),
    seekInput: byId('seek-input', HTMLInputElement),
    preview: el('preview'),
    previewImage: el('preview-image'),
    previewTime: el('preview-time'),
    previewChapter: el('preview-chapter'),
    play: byId('play', HTMLButtonElement),
    mute: byId('mute', HTMLButtonElement),
    volume: byId('volume', HTMLInputElement),
    timeCurrent: el('time-current'),
    timeDuration: el('time-duration'),
    live: byId('live', HTMLButtonElement),
    speed: byId('speed', HTMLSelectElement),
    qualityMenu: el('quality-menu'),
    quality: byId('quality', HTMLSelectElement),
    captions: byId('captions', HTMLButtonElement),
    fullscreen: byId('fullscreen', HTMLButtonElement),
    pip: byId('pip', HTMLButtonElement),
    shortcuts: el('shortcuts'),
    shortcutsList: el('shortcuts-list'),
    shortcutsClose: byId('shortcuts-close', HTMLButtonElement),
    title: el('title'),
    badgeLive: el('badge-live'),
    badgeBackfill: el('badge-backfill'),
    duration: el('duration'),
    download: byId('download', HTMLAnchorElement),
  };
}
