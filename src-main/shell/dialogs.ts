import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';

export async function chooseFolder(win: BrowserWindow | null, purpose: 'create' | 'open'): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    properties: purpose === 'create' ? ['openDirectory', 'createDirectory', 'promptToCreate'] : ['openDirectory'],
    title: purpose === 'create' ? 'Choose an empty folder for the new vault' : 'Choose a vault folder',
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export async function chooseImportPaths(win: BrowserWindow | null, kind: 'files' | 'folder'): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    properties: kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
    title: kind === 'files' ? 'Choose files to import' : 'Choose folders to import',
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}
