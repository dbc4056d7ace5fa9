import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../api.ts';
import { DropZone } from '../../components/DropZone.tsx';

/** Where a package comes from: a folder (or checksum file) dropped here, or the folder picker. */
export function VerifyDropZone({ busy, onPath }: { busy: boolean; onPath(path: string): void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<'nothing' | 'several' | null>(null);

  const onPaths = (paths: string[]) => {
    if (paths.length !== 1) {
      setProblem(paths.length === 0 ? 'nothing' : 'several');
      return;
    }
    setProblem(null);
    onPath(paths[0]!);
  };

  const choose = async () => {
    const result = await invoke('vault:choose-folder', { purpose: 'verify' });
    if (result.ok && result.value.folder) {
      setProblem(null);
      onPath(result.value.folder);
    }
  };

  return (
    <>
      <DropZone busy={busy} title={busy ? t('verify.dropBusy') : t('verify.dropHere')} help={t('verify.dropHelp')} testId="verify-drop-zone" onPaths={onPaths}>
        <button type="button" className="button" onClick={() => void choose()} disabled={busy}>
          {t('verify.chooseFolder')}
        </button>
      </DropZone>
      {problem && (
        <p className="field-error" role="alert">
          {problem === 'nothing' ? t('verify.nothingDropped') : t('verify.severalDropped')}
        </p>
      )}
    </>
  );
}
