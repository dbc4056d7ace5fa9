import type { Locator, Page } from '@playwright/test';

export class ItemDetailPage {
  readonly page: Page;
  readonly sha256: Locator;
  readonly copyHash: Locator;
  readonly metadataFilter: Locator;
  readonly metadataRows: Locator;
  readonly custodyEvents: Locator;
  readonly back: Locator;

  constructor(page: Page) {
    this.page = page;
    this.sha256 = page.getByTestId('detail-sha256');
    this.copyHash = page.getByRole('button', { name: /Copy SHA-256|Скопировать SHA-256/ });
    this.metadataFilter = page.locator('#metadata-filter');
    this.metadataRows = page.getByTestId('metadata-table').locator('tbody tr');
    this.custodyEvents = page.getByTestId('custody-event');
    this.back = page.locator('.back-link');
  }

  fact(name: 'id' | 'size' | 'type' | 'path' | 'ingested' | 'operator' | 'source-note'): Locator {
    return this.page.getByTestId(`detail-${name}`);
  }

  /** The metadata row for Group + Tag (readable form, not the "(number)" one). */
  metadata(group: string, tag: string): Locator {
    return this.metadataRows
      .filter({ has: this.page.locator('td:nth-child(1)', { hasText: new RegExp(`^${group}$`) }) })
      .filter({ has: this.page.locator('td:nth-child(2)', { hasText: new RegExp(`^${tag}$`) }) });
  }
}
