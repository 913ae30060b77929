// What the app runs in (desktop or server mode), asked once per page; null until it answers.
import { useEffect, useState } from 'react';
import type { AppInfo, ReelayApi } from '../../../shared/api';

export function useAppInfo(api: ReelayApi): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    api.call('app.info', {}).then(
      (answer) => live && setInfo(answer),
      () => undefined, // features that need it stay hidden
    );
    return () => {
      live = false;
    };
  }, [api]);
  return info;
}
