import { Button, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import { deferred } from '@cosell/card-test-support';
import type { ApiResult } from './hubspot-fetcher';
import { useResource } from './use-resource';

function Probe({ load }: { load: () => Promise<ApiResult<string>> }) {
  const { state, reload } = useResource('probe', load);
  const text =
    state.status === 'ready' ? `ready:${state.data}` : state.status === 'stale' ? `stale:${state.data}:${state.error?.code ?? 'loading'}` : state.status === 'error' ? `error:${state.error.code}` : 'loading';
  return (
    <>
      <Text testId="state">{text}</Text>
      <Button onClick={reload}>Reload</Button>
    </>
  );
}

describe('useResource', () => {
  it('drops an answer that arrives after a newer request was started', async () => {
    const first = deferred<ApiResult<string>>();
    const second = deferred<ApiResult<string>>();
    const queue = [first, second];
    const { render, find, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Probe load={() => queue.shift()!.promise} />);
    expect(findByTestId(Text, 'state').text).toBe('loading');
    find(Button).trigger('onClick');
    second.resolve({ ok: true, data: 'new' });
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:new'));
    first.resolve({ ok: true, data: 'old' });
    await new Promise((r) => setTimeout(r, 20));
    expect(findByTestId(Text, 'state').text).toBe('ready:new');
  });

  it('keeps the data as stale while reloading and after a failed reload', async () => {
    const answers = [deferred<ApiResult<string>>(), deferred<ApiResult<string>>()];
    let i = 0;
    const { render, find, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Probe load={() => answers[i++]!.promise} />);
    answers[0]!.resolve({ ok: true, data: 'a' });
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:a'));
    find(Button).trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('stale:a:loading'));
    answers[1]!.resolve({ ok: false, error: { code: 'network', message: 'down' } });
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('stale:a:network'));
  });

  it('reports an error when the first load fails', async () => {
    const { render, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Probe load={async () => ({ ok: false, error: { code: 'not_found', message: 'x' } })} />);
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('error:not_found'));
  });
});
