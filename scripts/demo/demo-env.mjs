// @ts-check
/** The secrets the demo and the example tests start both apps with (never real ones). */
export const DEMO_ENV = {
  CASHFREE_CLIENT_SECRET: 'demo-cashfree-client-secret',
  SMILE_ID_PARTNER_ID: '085',
  SMILE_ID_API_KEY: 'demo-smile-id-api-key',
  FISERV_API_KEY: 'demo-fiserv-api-key',
  FISERV_API_SECRET: 'demo-fiserv-api-secret',
  ETHOCA_KEYS: 'demo-key:demo-ethoca-secret',
  ETHOCA_PUBLIC_URL: 'https://merchant.example',
  UICHECK_ID: 'demo-uicheck-id',
  UICHECK_SECRET: 'demo-uicheck-secret',
};
