import type { Locator, Page } from '@playwright/test';

export class AboutPage {
  constructor(readonly page: Page) {}
  value(key: 'app' | 'node' | 'electron' | 'chrome' | 'platform' | 'sqlite' | 'sqlcipher' | 'encryption' | 'exiftool'): Locator {
    return this.page.getByTestId(`diag-${key}`);
  }
}
