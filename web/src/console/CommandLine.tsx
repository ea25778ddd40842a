import { useRef, useState, type KeyboardEvent } from 'react';
import { complete, type Known } from '../client/commands.ts';
import type { Outcome } from '../client/execute.ts';

/**
 * The command line (F2): type a command and Enter; Tab completes call signs and
 * incident numbers; ↑/↓ walk the history; a refusal shows inline with its reason.
 */
export function CommandLine({ known, outcome, onRun, onCancelOverride }: {
  known: Known;
  outcome: Outcome | null;
  onRun: (line: string) => void;
  onCancelOverride: () => void;
}) {
  const [line, setLine] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [candidates, setCandidates] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Tab' && !e.shiftKey && line.trim()) {
      e.preventDefault();
      const next = complete(line, known);
      setLine(next.line);
      setCandidates(next.candidates);
    } else if (e.key === 'ArrowUp' && history.length) {
      e.preventDefault();
      const i = cursor === null ? history.length - 1 : Math.max(0, cursor - 1);
      setCursor(i);
      setLine(history[i]!);
    } else if (e.key === 'ArrowDown' && cursor !== null) {
      e.preventDefault();
      const i = cursor + 1;
      setCursor(i >= history.length ? null : i);
      setLine(i >= history.length ? '' : history[i]!);
    } else if (e.key === 'Enter' && line.trim()) {
      e.preventDefault();
      setHistory((h) => [...h.filter((x) => x !== line.trim()), line.trim()].slice(-100));
      setCursor(null);
      setCandidates([]);
      onRun(line.trim());
      setLine('');
    } else if (e.key === 'Escape') {
      setLine('');
      setCandidates([]);
    }
  };

  const onOverrideKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setReason('');
      onCancelOverride();
      input.current?.focus();
    }
  };

  return (
    <section className="commandline" aria-label="Command line">
      <label htmlFor="command-line" className="prompt">Command <kbd>F2</kbd></label>
      <input
        id="command-line" ref={input} value={line} autoComplete="off" spellCheck={false}
        onChange={(e) => { setLine(e.target.value); setCandidates([]); }} onKeyDown={onKeyDown}
        aria-describedby="command-outcome" placeholder="D 411 412 26-00042 · AR 411 · AV 411 · OS 411 DINNER · N 26-00042 text · ST 411 · CB · DIR Reyes · HELP"
      />
      <div id="command-outcome" className="outcome" aria-live="polite">
        {candidates.length > 0 && <span className="candidates" data-testid="completions">{candidates.join('  ')}</span>}
        {outcome && outcome.kind !== 'override' && (
          <span className={outcome.kind === 'error' ? 'error' : 'ok'} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="command-outcome">{outcome.text}</span>
        )}
        {outcome?.code && (
          <small className="details" data-testid="command-outcome-code">details: {outcome.code}</small>
        )}
        {outcome?.kind === 'override' && (
          <form className="override" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) { outcome.retry?.(reason.trim()); setReason(''); input.current?.focus(); } }}>
            <span className="error" role="alert" data-testid="command-outcome">{outcome.text}</span>
            <label>Override reason <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} onKeyDown={onOverrideKey} required maxLength={500} /></label>
            <button type="submit">Override as commanding officer</button>
            <button type="button" onClick={() => { setReason(''); onCancelOverride(); input.current?.focus(); }}>Cancel (Esc)</button>
          </form>
        )}
      </div>
    </section>
  );
}
