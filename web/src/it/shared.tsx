import { useCallback, useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { problemText } from '../shared/problem.ts';
import { usePaged } from '../shared/paged.tsx';

export { problemText };

/** Load a list from the server, and run changes that reload it, showing a refusal with its clause. */
export function useLoaded<T>(path: string, initial: T) {
  const [data, setData] = useState<T>(initial);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => api<T>(path).then(setData, (e: unknown) => setMessage(problemText(e))), [path]);
  useEffect(() => { void load(); }, [load]);
  const act = async (work: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setMessage(null);
    try {
      await work();
      await load();
      if (done) setMessage(done);
      return true;
    } catch (e) {
      setMessage(problemText(e));
      return false;
    }
  };
  return { data, message, act };
}

/** Like useLoaded, for a list the server answers a page at a time: `list` is for the More button. */
export function useLoadedPages<T>(path: string) {
  const [message, setMessage] = useState<string | null>(null);
  const list = usePaged<T>(path, (e) => setMessage(problemText(e)));
  const act = async (work: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setMessage(null);
    try {
      await work();
      await list.reload();
      if (done) setMessage(done);
      return true;
    } catch (e) {
      setMessage(problemText(e));
      return false;
    }
  };
  return { data: list.items ?? [], list, message, act };
}

export function Exports({ register }: { register: 'changes' | 'media' | 'room' }) {
  return (
    <p className="exports">
      <a href={`/api/v1/it/registers/${register}.pdf`} target="_blank" rel="noreferrer">Printable register (PDF)</a>
      <a href={`/api/v1/it/registers/${register}.csv`}>CSV export</a>
    </p>
  );
}

export function Message({ text }: { text: string | null }) {
  return text ? <p role="status" className="message">{text}</p> : null;
}

/** Read a chosen file as base64 (for a certificate upload). */
export function fileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
