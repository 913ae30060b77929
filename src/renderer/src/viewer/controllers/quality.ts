// The quality menu: Auto and one entry per rendition (levels.ts); a choice goes to the engine.
import type { ViewerElements } from '../dom';
import { AUTO_LEVEL, autoLabel, qualityOptions, type LevelLike } from '../levels';
import type { Engine } from './engine';

export class QualityController {
  private readonly abort = new AbortController();
  private levels: readonly LevelLike[] = [];
  private playingLevel = -1;

  constructor(
    private readonly el: ViewerElements,
    engine: Pick<Engine, 'setLevel'>,
  ) {
    el.quality.addEventListener('change', () => engine.setLevel(Number(el.quality.value)), { signal: this.abort.signal });
  }

  setLevels(levels: readonly LevelLike[], manualLevel: number): void {
    this.levels = levels;
    const select = this.el.quality;
    select.replaceChildren(
      ...qualityOptions(levels).map((o) => {
        const option = document.createElement('option');
        option.value = String(o.level);
        option.textContent = o.level === AUTO_LEVEL ? autoLabel(levels, this.playingLevel) : o.label;
        return option;
      }),
    );
    select.value = String(levels[manualLevel] ? manualLevel : AUTO_LEVEL);
  }

  /** The rendition on screen, which Auto names: "Auto (720p)". */
  setPlayingLevel(level: number): void {
    this.playingLevel = level;
    const auto = this.el.quality.querySelector<HTMLOptionElement>(`option[value="${AUTO_LEVEL}"]`);
    if (auto) auto.textContent = autoLabel(this.levels, level);
  }

  setAvailable(available: boolean): void {
    this.el.qualityMenu.hidden = !available;
  }

  destroy(): void {
    this.abort.abort();
  }
}
