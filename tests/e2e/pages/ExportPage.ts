import type { Locator, Page } from '@playwright/test';

/** The Export screen: choosing a case, the plan with overrides, the options, the run and its summary. */
export class ExportPage {
  readonly page: Page;
  readonly planRows: Locator;
  readonly planNotice: Locator;
  readonly overrideForm: Locator;
  readonly overrideReason: Locator;
  readonly overrideSubmit: Locator;
  readonly originals: Locator;
  readonly originalsHelp: Locator;
  readonly originalsWarning: Locator;
  readonly originalsConfirm: Locator;
  readonly originalsCancel: Locator;
  readonly identityWarning: Locator;
  readonly destination: Locator;
  readonly chooseFolder: Locator;
  readonly start: Locator;
  readonly progressState: Locator;
  readonly error: Locator;
  readonly summary: Locator;
  readonly summaryFolder: Locator;
  readonly summaryExhibits: Locator;
  readonly summaryLeftOutCount: Locator;
  readonly summaryOriginals: Locator;
  readonly summaryOxum: Locator;
  readonly summaryFingerprint: Locator;
  readonly summaryIdentity: Locator;
  readonly verifyPackage: Locator;

  constructor(page: Page) {
    this.page = page;
    this.planRows = page.getByTestId('plan-row');
    this.planNotice = page.locator('.plan-notice');
    this.overrideForm = page.getByTestId('plan-override-form');
    this.overrideReason = this.overrideForm.locator('textarea');
    this.overrideSubmit = this.overrideForm.locator('button[type="submit"]');
    this.originals = page.locator('#export-originals');
    this.originalsHelp = page.locator('#export-originals-help');
    this.originalsWarning = page.getByTestId('originals-warning');
    this.originalsConfirm = this.originalsWarning.getByRole('button', { name: /Export the originals too|Экспортировать и оригиналы/ });
    this.originalsCancel = this.originalsWarning.getByRole('button', { name: /^Cancel$|^Отмена$/ });
    this.identityWarning = page.getByTestId('identity-warning');
    this.destination = page.locator('#export-destination');
    this.chooseFolder = page.locator('.export-write').getByRole('button', { name: /Choose folder|Выбрать папку/ });
    this.start = page.getByRole('button', { name: /^Export package$|^Экспортировать пакет$/ });
    this.progressState = page.getByTestId('export-progress-state');
    this.error = page.getByRole('alert');
    this.summary = page.getByTestId('export-summary');
    this.summaryFolder = page.getByTestId('summary-folder');
    this.summaryExhibits = page.getByTestId('summary-exhibits');
    this.summaryLeftOutCount = page.getByTestId('summary-left-out-count');
    this.summaryOriginals = page.getByTestId('summary-originals');
    this.summaryOxum = page.getByTestId('summary-oxum');
    this.summaryFingerprint = page.getByTestId('summary-fingerprint');
    this.summaryIdentity = page.getByTestId('summary-identity');
    this.verifyPackage = page.getByRole('button', { name: /Verify this package|Проверить этот пакет/ });
  }

  /** A case in the list shown when no case is chosen. */
  caseLink(number: string): Locator {
    return this.page.getByTestId('export-case').filter({ hasText: number });
  }

  row(label: string): Locator {
    return this.page.locator(`[data-testid="plan-row"][data-label="${label}"]`);
  }

  /** How the exhibit goes in: its data-as is copy, original or left-out. */
  inclusion(label: string): Locator {
    return this.row(label).getByTestId('plan-inclusion');
  }

  includeAsIs(label: string): Locator {
    return this.row(label).getByRole('button', { name: /Include as it is|Включить как есть/ });
  }

  count(filter: 'all' | 'copy' | 'original' | 'left-out'): Locator {
    return this.page.getByTestId(`plan-count-${filter}`).locator('.chip-count');
  }

  identity(pseudonym: string): Locator {
    return this.page.locator('.identity-choices').getByRole('checkbox', { name: new RegExp(pseudonym) });
  }
}
