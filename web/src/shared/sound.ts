import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The console's tones: a ringing E-911 line, a new priority-1 incident and an officer's
 * emergency (81A §E.6.e). Browsers play sound only after a person has clicked or typed
 * on the page, so the Sign in button unlocks it: the first tone is never silent. A page
 * reloaded while signed in shows "Sound off — enable" until the first click.
 */
let audio: AudioContext | null = null;
const listeners = new Set<() => void>();
let played = 0;
let lastTone: Tone | null = null;

export type Tone = 'emergency' | 'e911' | 'priority1';

const notify = () => { for (const l of listeners) l(); };

/** Call from a click or key handler (sign-in, the enable button). */
export function unlockSound(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  void audio.resume().then(notify);
  audio.onstatechange = notify;
}

export function soundOn(): boolean {
  return audio?.state === 'running';
}

const PATTERNS: Record<Tone, { hz: number[]; seconds: number }> = {
  emergency: { hz: [960, 640], seconds: 0.3 }, // two-tone alarm
  e911: { hz: [440, 480], seconds: 0.4 }, // the telephone ring
  priority1: { hz: [880], seconds: 0.25 },
};

/** Play a tone once (when sound is on); every tone played is counted for the screen and its tests. */
export function playTone(tone: Tone): void {
  const ctx = audio;
  if (!ctx || ctx.state !== 'running') return;
  const { hz, seconds } = PATTERNS[tone];
  hz.forEach((frequency, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = frequency;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + i * seconds);
    osc.stop(ctx.currentTime + (i + 1) * seconds);
  });
  played += 1;
  lastTone = tone;
  notify();
}

export function useSoundState(): { on: boolean; played: number; lastTone: Tone | null } {
  const snapshot = useSyncExternalStore((l) => { listeners.add(l); return () => { listeners.delete(l); }; }, () => `${soundOn()}|${played}|${lastTone ?? ''}`);
  const [on, count, tone] = snapshot.split('|');
  return { on: on === 'true', played: Number(count), lastTone: (tone || null) as Tone | null };
}

/** Repeat a tone while `active` (an open emergency, a ringing E-911 line). */
export function useRepeatingTone(tone: Tone, active: boolean, everyMs: number): void {
  useEffect(() => {
    if (!active) return;
    playTone(tone);
    const t = setInterval(() => playTone(tone), everyMs);
    return () => clearInterval(t);
  }, [tone, active, everyMs]);
}

/** One tone each time a new key appears in `keys` (a new priority-1 incident), not for those already there. */
export function useToneOnNew(tone: Tone, keys: readonly string[], ready: boolean): void {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!ready) return;
    if (seen.current === null) { seen.current = new Set(keys); return; }
    const fresh = keys.filter((k) => !seen.current!.has(k));
    for (const k of fresh) seen.current.add(k);
    if (fresh.length) playTone(tone);
  }, [tone, keys, ready]);
}
