import type { DemoKeyDocument } from './provider-entry.js';

/**
 * Key pairs for the demo and tests of the presets whose keys are fetched from the vendor
 * (PayPal, AWS SNS, Plaid): the private half signs, the public half is what a local key
 * server answers in the vendor's place. Made for hookguard with openssl, once; never a
 * vendor's key, and never for real traffic.
 */

/**
 * An RSA 2048 key, PKCS#8 DER in base64 (`openssl req -newkey rsa:2048 -nodes`, then
 * `openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0`).
 */
export const DEMO_RSA_PRIVATE_KEY =
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDvY7aXzGrC5p9mrGXN1KM0Uyelu2qv/1SHuC1u5W8BNsZr6Iw2jpWfx3MkI7yamAt6rv349tZBtEenemZAIeL/QHHZDV16yQxzFXHkue+ictr60TzWbJNN0sxtzq2HHi1McqtFNrvsPN7pdXPFkhtuLu9QRlJYRBZ4WYQ1f3IFOR7gOIGa30HPrVH2DoGa+NEfFfaKieFLTe4xpmo8BCcpLbOOXKjeXXQeYz/twfoad7HcGgEOuGdl9Ol/Nueys7driC9SycvsEujN4wWDQ59Yh7N0McZVmrgiDhXDTF2ALmisk6P7quMeW1sDEmQixKiNXwEzmND71cOo3rRk8vr5AgMBAAECggEABLtOcr/pPM646BtAfGHnc2tw2U1j6ZRlB/U3na1mhSo/YAblzZbCJZk4QQa9TbtzX6KJldQQLlaJQ4nPb1VUIqo0Dd+eIUULzFMIUCZuMoJtal98Ibtd6oAABywagTUTHWOXV8wCCSR3XfsytX0ismn2VDp9mm3HGWwgiTuqheieNoTlPXOWCfdtxrA7yY1xye59PNoNbg7kXgV61gD97gYSMY1WSREdetPmB+SW3FC52i+7qskas8v4968TjXuVJLEDioVn3J0JYZ1G0D5F7InxEoosDGWRdIjat04Dto7X5ATz437Ndna7x7v8qxmOFAYxgqO6CFhNhlY06wtqgQKBgQD6jNM41RB8IzGDCpNtQMrP5aZQxBWuTGfBUsatv5xqPh4fhwawlMxLr9niEH6hej0n9rgJz4Qj//GmetEM7IjjY7TvEhmhEG24EnjqL1ln2olDfHgSy8csl7Bwwlyzbxaj5M2bSTzLeWA8CNo26DtdpYYJPK7mKre8d9VVzFTOeQKBgQD0mL2yCfLwjFneEIJShfUeq6JBfJVLml4GjFiJ6+zT3U0L46iCyvt/DYBgvxOeaCKXv0X7MhtwWnEW9wynWtqwzIfvJRron+7OoViU6dJrTrBgtGj6cqgFwIDrspsgTpfENvHNOMcuPqVaOONju0uGIOITyegtv6KckcDp8nJwgQKBgCLyQ3/Y0AzQh9ZkQj3p3J/0wybewrtl8s7XMdkIMdPryB3Too48ouYnp/dNH6x8NU1+rxrHNAIlb9otpTztPQaiYJk76BE8DmGvSeg4JHtE0wJzuPe+LpC8s6J2qaFpbDn97uOq6mzjCBY3keA4shcUwEZHjYmTCb+i40GtV2LZAoGANWs6WqzTkveEFPyUCcPZ0dX4PMchr/5JtLJoD88nzOmTDxqsTcxY+tmPBRIWDc1+aJfMh9zco0ANXM+dwtsT0fMJaRA4fT+YnyYbu4IJg4gO+z/LgY8S5Ray0UcTnA2uFZtOWdyhm5bw8/BisQBRsTxzQ5EgFQW6VOl8MVvS5IECgYEAvy04m2rfzgToh7ggEOMEORTvOS7jeF6IakR61injYtsmCoU4nDvPhUzn1bcPo0NzWAthv4iCDLsqFyBaP6n10cQIZRQIa78sfsFCoVKA7dlMZ1aDM6hT5TtTOgBLRvgScGXuu3e2xoU9q1OUCzuEKKEatNmscv2nmlbZepVtPhg=';

/**
 * Its self-signed certificate, valid from 2000 to 2100 so that tests at any fixed clock can
 * use it (`openssl ca -selfsign -startdate 20000101000000Z -enddate 21000101000000Z`, with
 * basicConstraints CA:FALSE and keyUsage digitalSignature, so that it is an X.509 v3).
 */
export const DEMO_RSA_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDFjCCAf6gAwIBAgIBAjANBgkqhkiG9w0BAQsFADAtMSswKQYDVQQDDCJob29r
Z3VhcmQgZGVtbyBzaWduaW5nIGNlcnRpZmljYXRlMCAXDTAwMDEwMTAwMDAwMFoY
DzIxMDAwMTAxMDAwMDAwWjAtMSswKQYDVQQDDCJob29rZ3VhcmQgZGVtbyBzaWdu
aW5nIGNlcnRpZmljYXRlMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA
72O2l8xqwuafZqxlzdSjNFMnpbtqr/9Uh7gtbuVvATbGa+iMNo6Vn8dzJCO8mpgL
eq79+PbWQbRHp3pmQCHi/0Bx2Q1deskMcxVx5LnvonLa+tE81myTTdLMbc6thx4t
THKrRTa77Dze6XVzxZIbbi7vUEZSWEQWeFmENX9yBTke4DiBmt9Bz61R9g6BmvjR
HxX2ionhS03uMaZqPAQnKS2zjlyo3l10HmM/7cH6Gnex3BoBDrhnZfTpfzbnsrO3
a4gvUsnL7BLozeMFg0OfWIezdDHGVZq4Ig4Vw0xdgC5orJOj+6rjHltbAxJkIsSo
jV8BM5jQ+9XDqN60ZPL6+QIDAQABoz8wPTAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB
/wQEAwIHgDAdBgNVHQ4EFgQUU1lI0jr+cn/zRFt1mCvqYn1FukQwDQYJKoZIhvcN
AQELBQADggEBANtzmgVKR2jOhtTMJZIpX2dbD6Lkkz4q4OYQebdMNRqNrzIptMVL
19io321jOTFK7xoO0+JxY1tQJ/6QdUKLqjjNacrKUk3/xfx7iN+YM1M5WdyvwPj1
CiZq2YOLPcbDRQ3ySQyMbtgt70eHpiyItyQkl4R83ZEy1gLxWO15TnkLgVw6f2yt
cMp0184fexygNlL+OY9xuKY+ClzqvCEqEOkPw28PI9RWzvKxvDEsO9ICDnqlu5Zq
V6q0eL6s1IMexqK/wYXBp9JeVufie6p8V8/TUneiw8IN5xU79DfIvdUy7w5Vv14g
FLm8orBVN64wX5qOWLrIIUckVj04bJRDhz4=
-----END CERTIFICATE-----
`;

/** A P-256 key, PKCS#8 DER in base64 (`openssl ecparam -name prime256v1 -genkey`). */
export const DEMO_P256_PRIVATE_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2EZCOa93nC1fBcXd6EtDLbSc42ql959b/mfF4p2ksbqhRANCAAQB9T23IZM23K9b6/u9iRbU1C7x2DFPw6g2Cq8X4dyhyhskbnVLrZnDN9KVSaM7+HRzsit4JCPaJ7Og6cWOUR6m';

/** Its public point, as a JWK's `x` and `y`. */
export const DEMO_P256_PUBLIC_POINT = {
  x: 'AfU9tyGTNtyvW-v7vYkW1NQu8dgxT8OoNgqvF-Hcoco',
  y: 'GyRudUutmcM30pVJozv4dHOyK3gkI9ons6DpxY5RHqY',
} as const;

/** The demo RSA key's certificate, served as PEM at `url` (PayPal's and SNS's demo keys). */
export function demoCertificateAt(url: string): DemoKeyDocument {
  return { url, method: 'GET', contentType: 'application/x-pem-file', body: DEMO_RSA_CERTIFICATE };
}
