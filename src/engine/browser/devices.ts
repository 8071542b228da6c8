/** The three devices of the v1 `device` field (API.md §5): viewport, touch and user agent. */
export type DeviceName = 'desktop' | 'mobile' | 'tablet';

export interface DeviceProfile {
  viewport: {
    width: number;
    height: number;
    deviceScaleFactor: number;
    isMobile: boolean;
    hasTouch: boolean;
  };
  /** Undefined: the browser's own UA with "HeadlessChrome" made "Chrome" (sites refuse the headless one). */
  userAgent?: string;
}

const IOS_VERSION = '18_5';
const SAFARI_VERSION = '18.5';

export const DEVICES: Readonly<Record<DeviceName, DeviceProfile>> = Object.freeze({
  desktop: {
    viewport: { width: 1366, height: 768, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  },
  mobile: {
    viewport: { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    userAgent:
      `Mozilla/5.0 (iPhone; CPU iPhone OS ${IOS_VERSION} like Mac OS X) AppleWebKit/605.1.15 ` +
      `(KHTML, like Gecko) Version/${SAFARI_VERSION} Mobile/15E148 Safari/604.1`,
  },
  tablet: {
    viewport: { width: 820, height: 1180, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    userAgent:
      `Mozilla/5.0 (iPad; CPU OS ${IOS_VERSION} like Mac OS X) AppleWebKit/605.1.15 ` +
      `(KHTML, like Gecko) Version/${SAFARI_VERSION} Mobile/15E148 Safari/604.1`,
  },
});
