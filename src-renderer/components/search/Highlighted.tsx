import { markedRuns } from './search-model.ts';
import type { Range } from './search-model.ts';

/** Text with the matched words marked; always rendered as text, whatever the record contains. */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  return (
    <>
      {markedRuns(text, ranges).map((run, i) => (run.marked ? <mark key={i}>{run.text}</mark> : run.text))}
    </>
  );
}
