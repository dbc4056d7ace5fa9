import type { Locator, Page } from '@playwright/test';

export class AppFramePage {
  readonly nav: Locator;
  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation');
  }
  async open(route = ''): Promise<void> {
    await this.page.goto(route ? `/#/${route}` : '/');
  }
  link(name: string | RegExp): Locator {
    return this.nav.getByRole('link', { name });
  }
  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
}
