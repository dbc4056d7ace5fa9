import type { Locator, Page } from '@playwright/test';

export class ImportPage {
  readonly page: Page;
  readonly note: Locator;
  readonly dropZone: Locator;
  readonly chooseFiles: Locator;
  readonly chooseFolder: Locator;
  readonly cancel: Locator;
  readonly state: Locator;
  readonly files: Locator;
  readonly bytes: Locator;
  readonly results: Locator;

  constructor(page: Page) {
    this.page = page;
    this.note = page.locator('#import-note');
    this.dropZone = page.getByTestId('drop-zone');
    this.chooseFiles = page.getByRole('button', { name: /Choose files|Выбрать файлы/ });
    this.chooseFolder = page.getByRole('button', { name: /Choose folder|Выбрать папку/ });
    this.cancel = page.getByRole('button', { name: /Cancel import|Отменить импорт/ });
    this.state = page.getByTestId('import-state');
    this.files = page.getByTestId('import-files');
    this.bytes = page.getByTestId('import-bytes');
    this.results = page.getByTestId('import-result');
  }

  /** The counter on a result filter, e.g. count('duplicate'). */
  count(status: 'all' | 'ingested' | 'duplicate' | 'error'): Locator {
    return this.page.getByTestId(`count-${status}`).locator('.chip-count');
  }

  filter(status: 'all' | 'ingested' | 'duplicate' | 'error'): Locator {
    return this.page.getByTestId(`count-${status}`);
  }

  result(name: string): Locator {
    return this.results.filter({ has: this.page.locator('.result-name', { hasText: name }) });
  }

  /**
   * Drops files as the OS would: a real drop event whose DataTransfer holds File objects named by
   * their path below the test's workDir (the test bridge's pathForFile resolves them there).
   */
  async drop(relativeNames: string[]): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle((names) => {
      const dt = new DataTransfer();
      for (const name of names) dt.items.add(new File(['(dropped)'], name));
      return dt;
    }, relativeNames);
    await this.dropZone.dispatchEvent('dragenter', { dataTransfer });
    await this.dropZone.dispatchEvent('dragover', { dataTransfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }
}
