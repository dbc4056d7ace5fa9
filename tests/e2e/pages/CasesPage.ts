import type { Locator, Page } from '@playwright/test';

export interface CaseFields {
  number?: string;
  title?: string;
  forum?: string;
  jurisdiction?: string;
  openedOn?: string;
  exhibitPattern?: string;
  description?: string;
}

/** The case form wherever it appears (new case, edit, new case from an import), by its id prefix. */
export class CaseFormPart {
  readonly page: Page;
  readonly prefix: string;
  readonly form: Locator;
  readonly submit: Locator;
  readonly cancel: Locator;

  constructor(page: Page, prefix: string) {
    this.page = page;
    this.prefix = prefix;
    this.form = page.locator(`form[aria-labelledby="${prefix}-heading"]`);
    this.submit = this.form.locator('button[type="submit"]');
    this.cancel = this.form.getByRole('button', { name: /^Cancel$|^Отмена$/ });
  }

  field(name: keyof CaseFields | 'status' | 'filedOn' | 'notes'): Locator {
    return this.page.locator(`#${this.prefix}-${name}`);
  }

  /** The message shown under a field. */
  error(name: 'number' | 'title' | 'exhibitPattern'): Locator {
    return this.page.locator(`#${this.prefix}-${name}-error`);
  }

  async fill(fields: CaseFields): Promise<void> {
    for (const [name, value] of Object.entries(fields)) await this.field(name as keyof CaseFields).fill(value);
  }
}

/** The cases list and its "New case" form. */
export class CasesPage {
  readonly page: Page;
  readonly newCase: Locator;
  readonly form: CaseFormPart;
  readonly rows: Locator;
  readonly total: Locator;

  constructor(page: Page) {
    this.page = page;
    this.newCase = page.getByRole('button', { name: /^New case$|^Новое дело$/ });
    this.form = new CaseFormPart(page, 'new-case');
    this.rows = page.getByTestId('case-row');
    this.total = page.getByTestId('cases-total');
  }

  row(number: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('link', { name: number, exact: true }) });
  }
}
