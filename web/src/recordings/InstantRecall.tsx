import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { clock } from '../shared/time.ts';
import { problemText as problem, recordingLabel, seconds, type Playback, type Recent, type Recording } from './types.ts';
import './recordings.css';


/**
 * Instant recall (81A §M.2): the recordings of this work station's position from the last
 * window, newest first. F9 replays the latest one; each replay is audited as instant recall.
 */
export function InstantRecall({ timeZone }: { timeZone: string }) {
  const [recent, setRecent] = useState<Recent | null>(null);
  const [position, setPosition] = useState('');
  const [playing, setPlaying] = useState<Playback | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const load = useCallback(() => api<Recent>('/api/v1/recordings/recent').then(setRecent, (e: unknown) => setMessage(problem(e))), []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [load]);

  const play = useCallback(async (recording: Recording | undefined) => {
    setMessage(null);
    if (!recording) { setMessage('Nothing recorded at your position in the recall window.'); return; }
    try {
      const granted = await api<Playback>(`/api/v1/recordings/${recording.id}/playback`, { method: 'POST', body: { purpose: 'instant_recall' } });
      setPlaying(granted);
    } catch (e) {
      setMessage(problem(e));
    }
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F9') return;
      e.preventDefault();
      void api<Recent>('/api/v1/recordings/recent').then((fresh) => { setRecent(fresh); void play(fresh.recordings[0]); }, (err: unknown) => setMessage(problem(err)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [play]);

  useEffect(() => {
    if (playing && audio.current) void audio.current.play().catch(() => undefined);
  }, [playing]);

  const take = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/v1/recordings/position', { method: 'PUT', body: { position: position.trim() } });
      setPosition('');
      await load();
    } catch (err) {
      setMessage(problem(err));
    }
  };

  return (
    <section className="panel recall" aria-labelledby="recall-title" data-testid="instant-recall">
      <h2 id="recall-title">Instant recall <span className="count">{recent?.position ? `position ${recent.position} · last ${recent.recallMinutes} min` : ''}</span></h2>
      {recent && !recent.position && (
        <form onSubmit={(e) => void take(e)} className="recall-position" aria-label="Take a dispatch position">
          <label>My position <input value={position} onChange={(e) => setPosition(e.target.value)} required maxLength={40} /></label>
          <button type="submit">Take position</button>
        </form>
      )}
      {recent?.position && (
        <p className="hint muted"><kbd>F9</kbd> replays the latest recording at your position.</p>
      )}
      {playing && (
        <div className="recall-player">
          <span>{clock(playing.recording.startedAt, timeZone)} {recordingLabel(playing.recording)}</span>
          <audio ref={audio} controls src={playing.url} aria-label="Instant recall player" data-testid="recall-audio"
            onPlaying={(e) => { e.currentTarget.dataset.state = 'playing'; }} />
        </div>
      )}
      <ol className="recall-list">
        {(recent?.recordings ?? []).slice(0, 6).map((r) => (
          <li key={r.id}>
            <button type="button" className="link" onClick={() => void play(r)}>{clock(r.startedAt, timeZone)}</button> {recordingLabel(r)} · {seconds(r)}
          </li>
        ))}
      </ol>
      {message && <p role="alert" className="error">{message}</p>}
    </section>
  );
}
