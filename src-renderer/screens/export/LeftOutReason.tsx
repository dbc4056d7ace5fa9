import { useTranslation } from 'react-i18next';

/**
 * The core explains in English why an exhibit is left out; the reasons it gives for whole classes
 * of files have translations (the item screen shows the same ones). Anything else is shown as the
 * core wrote it, marked as English.
 */
const KNOWN: Record<string, string> = {
  'Shareable copies of this kind of file cannot be made yet.': 'shareable.reasons.kindUnsupported',
  'The shareable copy could not be made because of an unexpected error.': 'shareable.reasons.unexpected',
  'The cleaning did not prove that the content is unchanged.': 'shareable.reasons.noProof',
  'Cleaning would have changed the content itself, so no copy was made.': 'shareable.reasons.contentChanged',
  'The copy is not identical to the original.': 'shareable.reasons.notIdentical',
  'The copy could not be checked for leftover metadata.': 'shareable.reasons.notChecked',
  'The check of the copy still found metadata that is not part of the picture, sound or document structure.': 'shareable.reasons.leftover',
  'no shareable copy has been made': 'export.reasons.noCopy',
};
const COPY_STATUS = /^the shareable copy is (unsupported|failed)$/;

export function LeftOutReason({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  if (reason === null) return <span>{t('shareable.reasons.none')}</span>;
  const key = KNOWN[reason];
  if (key) return <span>{t(key)}</span>;
  const status = COPY_STATUS.exec(reason)?.[1];
  if (status) return <span>{t('export.reasons.copyStatus', { status: t(`shareable.status.${status}`) })}</span>;
  return <span lang="en">{reason}</span>;
}
