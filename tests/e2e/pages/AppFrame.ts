import type { Locator, Page } from '@playwright/test';

export class AppFramePage {
  readonly nav: Locator;
  readonly page: Page;
  readonly lockButton: Locator;
  readonly vaultBadge: Locator;
  constructor(page: Page) {
    this.page = page;
    this.nav = page.getByRole('navigation');
    this.lockButton = page.locator('.sidebar').getByRole('button', { name: /Lock vault|Заблокировать/ });
    this.vaultBadge = page.getByTestId('vault-badge');
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
  /** The platform's lock shortcut: Cmd+L on macOS, Ctrl+L elsewhere. */
  async pressLockShortcut(): Promise<void> {
    await this.page.keyboard.press(process.platform === 'darwin' ? 'Meta+KeyL' : 'Control+KeyL');
  }
}
