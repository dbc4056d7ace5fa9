import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../src-shared/types/cases.ts';
import { Highlighted } from './Highlighted.tsx';
import { titleMarks } from './search-model.ts';

/** Case numbers shown beside a hit; an item in many cases says how many more. */
const SHOWN_CASES = 2;

/**
 * A hit as a line: its title, the excerpt with the matched words marked (unless the excerpt is the
 * title, which is then marked instead), and the cases it belongs to.
 */
export function HitText({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const marks = titleMarks(hit.title, hit.snippet, hit.highlights);
  // A case is its own context.
  const cases = hit.kind === 'case' ? [] : hit.cases;
  return (
    <span className="hit">
      <span className="hit-main">
        <span className="hit-title">
          <Highlighted text={hit.title} ranges={marks ?? []} />
        </span>
        {marks === null && (
          <span className="hit-snippet">
            <Highlighted text={hit.snippet} ranges={hit.highlights} />
          </span>
        )}
      </span>
      {cases.length > 0 && (
        <span className="hit-cases">
          <span className="search-sr-only">{t('search.inCases')} </span>
          {cases.slice(0, SHOWN_CASES).map((c) => (
            <span key={c.id} className="hit-case">
              {c.number}
            </span>
          ))}
          {cases.length > SHOWN_CASES && <span className="hit-case more">+{cases.length - SHOWN_CASES}</span>}
        </span>
      )}
    </span>
  );
}
