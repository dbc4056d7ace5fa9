import type { Locator, Page } from '@playwright/test';

/** The "Shareable copy" section of the item detail screen and its dialogs. */
export class ShareablePage {
  readonly page: Page;
  readonly section: Locator;
  readonly badge: Locator;
  readonly originalSha256: Locator;
  readonly copySha256: Locator;
  readonly proof: Locator;
  readonly method: Locator;
  readonly tools: Locator;
  readonly reason: Locator;
  readonly override: Locator;
  readonly notice: Locator;
  readonly saveCopy: Locator;
  readonly saveOriginal: Locator;
  readonly remake: Locator;
  readonly shareAnyway: Locator;
  readonly overrideReason: Locator;
  readonly overrideSubmit: Locator;
  readonly confirmDialog: Locator;
  readonly confirmSave: Locator;
  readonly confirmCancel: Locator;
  readonly alsoRemoved: Locator;

  constructor(page: Page) {
    this.page = page;
    this.section = page.getByTestId('shareable-section');
    this.badge = this.section.getByTestId('shareable-badge');
    this.originalSha256 = page.getByTestId('shareable-original-sha256');
    this.copySha256 = page.getByTestId('shareable-copy-sha256');
    this.proof = page.getByTestId('shareable-proof');
    this.method = page.getByTestId('shareable-method');
    this.tools = page.getByTestId('shareable-tools');
    this.reason = page.getByTestId('shareable-reason');
    this.override = page.getByTestId('shareable-override');
    this.notice = page.getByTestId('shareable-notice');
    this.saveCopy = this.section.getByRole('button', { name: /Save shareable copy|Сохранить копию для передачи/ });
    this.saveOriginal = this.section.getByRole('button', { name: /Save original|Сохранить оригинал…/ });
    this.remake = this.section.getByRole('button', { name: /Make the copy|Создать копию/ });
    this.shareAnyway = this.section.getByRole('button', { name: /Share anyway|Всё равно передать/ });
    this.overrideReason = page.locator('#override-reason');
    this.overrideSubmit = page.getByRole('button', { name: /Declare shareable|Разрешить передачу/ });
    this.confirmDialog = page.getByTestId('confirm-original');
    this.confirmSave = this.confirmDialog.getByRole('button', { name: /Save the original|Сохранить оригинал/ });
    this.confirmCancel = this.confirmDialog.getByRole('button', { name: /Cancel|Отмена/ });
    this.alsoRemoved = page.getByTestId('also-removed').locator('tbody tr');
  }
}
