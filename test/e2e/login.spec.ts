import { expect, test, type Page } from '@playwright/test';

async function signIn(page: Page, username: string, password = 'exam2026') {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

test.describe('exam client (考生端)', () => {
  test('a candidate logs in and sees their own record with a masked ID number', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveTitle(/考生/);
    await signIn(page, 'candidate');
    await expect(page.getByTestId('signed-in-name')).not.toBeEmpty();
    await expect(page.getByTestId('profile-name')).not.toBeEmpty();
    await expect(page.getByTestId('profile-id-number')).toHaveText(/^\d{4}\*{10}[\dX]{4}$/);
    await page.getByTestId('logout').click();
    await expect(page.getByTestId('login-username')).toBeVisible();
  });

  test('a wrong password is refused with a message', async ({ page }) => {
    await page.goto('/');
    await signIn(page, 'candidate', 'wrong-password-1');
    await expect(page.getByTestId('form-error')).toContainText('用户名或密码错误');
  });
});

test.describe('proctor console (管理端)', () => {
  test('an administrator logs in and reaches account management', async ({ page }) => {
    await page.goto('/console/');
    await expect(page).toHaveTitle(/管理端/);
    await signIn(page, 'admin');
    await expect(page.getByTestId('signed-in-name')).toContainText('系统管理员');
    await page.getByTestId('nav-users').click();
    await expect(page.getByText('office', { exact: true }).first()).toBeVisible();
  });

  test('unit HR sees only the people of their unit, with masked ID numbers', async ({ page }) => {
    await page.goto('/console/');
    await signIn(page, 'unithr');
    await expect(page.getByTestId('signed-in-name')).toContainText('王经办');
    await page.getByTestId('nav-persons').click();
    const table = page.getByTestId('persons-table');
    await expect(table).toContainText('新乡市中心医院');
    await expect(table).not.toContainText('辉县市人民医院');
    await expect(table).toContainText(/\d{4}\*{10}[\dX]{4}/);
    await expect(page.getByTestId('nav-users')).toHaveCount(0);
  });
});
