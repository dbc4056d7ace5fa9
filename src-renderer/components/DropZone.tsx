import { useState } from 'react';
import type { ReactNode } from 'react';
import { pathForFile } from '../api.ts';

/**
 * A place to drop files or folders: hands over the local paths of what was dropped (empty when
 * nothing dropped has one, e.g. text from a web page). While busy it takes nothing.
 */
export function DropZone({ busy, title, help, testId, onPaths, children }: { busy: boolean; title: string; help: string; testId: string; onPaths(paths: string[]): void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={['drop-zone', dragging ? 'dragging' : '', busy ? 'disabled' : ''].join(' ').trim()}
      data-testid={testId}
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
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (busy) return;
        onPaths(Array.from(e.dataTransfer.files, pathForFile).filter((p) => p !== ''));
      }}
    >
      <p className="drop-title">{title}</p>
      <p className="help">{help}</p>
      <div className="actions center">{children}</div>
    </div>
  );
}
