import { useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, pathForFile } from '../../api.ts';

/** Where a package comes from: a folder (or checksum file) dropped here, or the folder picker. */
export function VerifyDropZone({ busy, onPath }: { busy: boolean; onPath(path: string): void }) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<'nothing' | 'several' | null>(null);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (busy) return;
    const paths = Array.from(e.dataTransfer.files, pathForFile).filter((p) => p !== '');
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
      <div
        className={['drop-zone', dragging ? 'dragging' : '', busy ? 'disabled' : ''].join(' ').trim()}
        data-testid="verify-drop-zone"
        onDragEnter={(e) => {
          e.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <p className="drop-title">{busy ? t('verify.dropBusy') : t('verify.dropHere')}</p>
        <p className="help">{t('verify.dropHelp')}</p>
        <div className="actions center">
          <button type="button" className="button" onClick={() => void choose()} disabled={busy}>
            {t('verify.chooseFolder')}
          </button>
        </div>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem === 'nothing' ? t('verify.nothingDropped') : t('verify.severalDropped')}
        </p>
      )}
    </>
  );
}
