import { useCallback, useState } from 'react';
import { errorText } from './api-client';

/**
 * State of a dialog's submit action: `busy` while it runs, `error` (Chinese text by code) when it
 * failed. `submit(action)` clears the previous error, runs the action and records its failure; what
 * the user typed is untouched.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, submit };
}
