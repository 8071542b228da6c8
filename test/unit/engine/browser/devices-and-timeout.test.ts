import { withTimeout } from '../../../../src/engine/browser/browser-timeout';
import { DEVICES } from '../../../../src/engine/browser/devices';

test('devices: the sizes of API.md §5, touch and UA for the mobile ones', () => {
  expect(DEVICES.desktop.viewport).toMatchObject({ width: 1366, height: 768, hasTouch: false, isMobile: false });
  expect(DEVICES.desktop.userAgent).toBeUndefined();
  expect(DEVICES.mobile.viewport).toEqual({ width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  expect(DEVICES.mobile.userAgent).toMatch(/iPhone; CPU iPhone OS \d+_\d+ .*Mobile\/\w+ Safari/);
  expect(DEVICES.tablet.viewport).toMatchObject({ width: 820, height: 1180, hasTouch: true });
  expect(DEVICES.tablet.userAgent).toMatch(/iPad/);
  expect(Object.isFrozen(DEVICES)).toBe(true);
});

test('withTimeout: the value when in time, a timeout ScrapioError naming the call otherwise', async () => {
  await expect(withTimeout(Promise.resolve(7), 100, 'quick')).resolves.toBe(7);
  const never = new Promise<never>(() => undefined);
  await expect(withTimeout(never, 10, 'Opening a page')).rejects.toMatchObject({
    code: 'timeout',
    timedOut: true,
    message: 'Opening a page did not finish within 10 ms.',
  });
});
