// What the chrome needs from the playback engine (player.ts); each controller takes only its part.
export interface Engine {
  setLevel(level: number): void;
  liveEdge(): number | null;
  /** true while the engine re-creates itself and will resume playing on its own */
  readonly resuming: boolean;
}
