import { useEffect, useState, type FormEvent } from 'react';
import { cjisCodes, refusalText, runQuery, type QueryView } from './api.ts';
import { QueryResult, TrainingBanner } from './QueryResult.tsx';
import './cjis.css';

/** A CJIS query from the mobile terminal: one line (`PLATE ABC123 MA`), run for the unit's incident. */
export function FieldQuery({ incident }: { incident: string | null }) {
  const [line, setLine] = useState('');
  const [view, setView] = useState<QueryView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  useEffect(() => { cjisCodes().then((c) => setBanner(c.banner), () => undefined); }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setView(await runQuery({ line: line.trim(), purpose: 'C', ...(incident ? { incident } : {}) }));
      setLine('');
    } catch (err) {
      setError(refusalText(err));
    }
  };
  return (
    <section className="panel cjis-field" aria-labelledby="cjis-field-title">
      <h2 id="cjis-field-title">CJIS query</h2>
      <TrainingBanner text={banner} />
      <form onSubmit={(e) => void submit(e)} className="row">
        <label>Query <input value={line} onChange={(e) => setLine(e.target.value)} placeholder="PLATE ABC123 MA · PERSON SMITH,JOHN 1980-01-01" required spellCheck={false} autoComplete="off" /></label>
        <button type="submit">Run</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {view && <QueryResult initial={view} />}
    </section>
  );
}
