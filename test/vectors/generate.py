#!/usr/bin/env python3
"""Writes test/vectors/*.json: known-answer vectors for every scheme.

An independent implementation in Python's hmac/hashlib, deliberately not sharing code with
the TypeScript it tests. The spec vectors (../shared/spec/providers.md) are checked here
against this implementation before anything is written, so a wrong derivation fails loudly.

Run: python3 test/vectors/generate.py
"""
import base64, hashlib, hmac, json, pathlib, urllib.parse

HERE = pathlib.Path(__file__).parent


def mac(alg, key, data):
    if isinstance(data, str):
        data = data.encode()
    return hmac.new(key.encode(), data, getattr(hashlib, alg)).digest()


def b64(d):
    return base64.b64encode(d).decode()


def b64url(d):
    return base64.urlsafe_b64encode(d).decode().rstrip('=')


def iso_ms(ms):
    import datetime
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def expect_equal(actual, expected, what):
    if actual != expected:
        raise SystemExit(f'{what}: computed {actual}, spec says {expected}')


def write(name, data):
    (HERE / f'{name}.json').write_text(json.dumps(data, indent=2, ensure_ascii=False) + '\n')


def ok(key=0, payload=None):
    e = {'accepted': True, 'matchedKey': key}
    if payload is not None:
        e['payload'] = payload
    return e


def err(code):
    return {'code': code}


# ---------------------------------------------------------------- Cashfree 1a: webhook
CF_SECRET = 'cfsk_ma_test_example_secret'
CF_TS = '1617695238078'
CF_BODY = '{"data":{"order":{"order_id":"order_OFR_2","order_amount":2}},"event_time":"2023-08-01T11:16:10+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}'
cf_sig = b64(mac('sha256', CF_SECRET, CF_TS + CF_BODY))
expect_equal(cf_sig, 'BkGr3eI/Rp6Dfu5EtX/zI1X+hbYp5DOl3FlLD8ImyWo=', 'cashfree webhook')
NOW = int(CF_TS) + 1000


def cf_req(sig=cf_sig, ts=CF_TS, body=CF_BODY, ctype='application/json', extra=None):
    h = {'content-type': ctype, 'x-webhook-version': '2023-08-01'}
    if sig is not None:
        h['x-webhook-signature'] = sig
    if ts is not None:
        h['x-webhook-timestamp'] = ts
    h.update(extra or {})
    return {'method': 'POST', 'url': '/webhooks/cashfree', 'headers': h, 'body': body}


cf_payload = json.loads(CF_BODY)
abc_sig = b64(mac('sha256', CF_SECRET, 'abc' + CF_BODY))
write('cashfree-webhook', {
    'scheme': 'cashfree.webhook',
    'options': {'secret': CF_SECRET},
    'cases': [
        {'name': 'accepts the spec vector', 'request': cf_req(), 'now': NOW, 'expect': ok(0, cf_payload),
         'sign': {'input': {'body': CF_BODY, 'timestamp': int(CF_TS)}, 'signature': cf_sig}},
        {'name': 'accepts the signature without base64 padding', 'request': cf_req(sig=cf_sig.rstrip('=')), 'now': NOW, 'expect': ok()},
        {'name': 'accepts a timestamp exactly 300 s old', 'request': cf_req(), 'now': int(CF_TS) + 300_000, 'expect': ok()},
        {'name': 'accepts a timestamp exactly 300 s in the future', 'request': cf_req(), 'now': int(CF_TS) - 300_000, 'expect': ok()},
        {'name': 'accepts an old secret listed second while rotating', 'options': {'secret': ['cfsk_new_secret', CF_SECRET]}, 'request': cf_req(), 'now': NOW, 'expect': ok(1)},
        {'name': 'accepts application/json with charset utf-8', 'request': cf_req(ctype='application/json; charset=UTF-8'), 'now': NOW, 'expect': ok()},
        {'name': 'rejects a tampered body', 'request': cf_req(body=CF_BODY.replace('"order_amount":2', '"order_amount":200')), 'now': NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a tampered timestamp', 'request': cf_req(ts=str(int(CF_TS) + 1)), 'now': NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a signature from another secret', 'request': cf_req(sig=b64(mac('sha256', 'other', CF_TS + CF_BODY))), 'now': NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a signature that is not base64', 'request': cf_req(sig='not*base64!'), 'now': NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a truncated signature', 'request': cf_req(sig=cf_sig[:20]), 'now': NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a hex signature (wrong encoding)', 'request': cf_req(sig=mac('sha256', CF_SECRET, CF_TS + CF_BODY).hex()), 'now': NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a missing signature header', 'request': cf_req(sig=None), 'now': NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a missing timestamp header', 'request': cf_req(ts=None), 'now': NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a timestamp 301 s old', 'request': cf_req(), 'now': int(CF_TS) + 301_000, 'expect': err('timestamp_out_of_tolerance')},
        {'name': 'rejects a timestamp 301 s in the future', 'request': cf_req(), 'now': int(CF_TS) - 301_000, 'expect': err('timestamp_out_of_tolerance')},
        {'name': 'rejects a validly signed non-numeric timestamp', 'request': cf_req(sig=abc_sig, ts='abc'), 'now': NOW, 'expect': err('timestamp_out_of_tolerance')},
        {'name': 'accepts a stale timestamp when tolerance is false', 'options': {'secret': CF_SECRET, 'tolerance': False}, 'request': cf_req(), 'now': int(CF_TS) + 86_400_000, 'expect': ok()},
        {'name': 'rejects a repeated signature header', 'request': cf_req(extra={'x-webhook-signature': [cf_sig, cf_sig]}), 'now': NOW, 'expect': err('malformed_request')},
        {'name': 'rejects text/plain', 'request': cf_req(ctype='text/plain'), 'now': NOW, 'expect': err('unsupported_media_type')},
        {'name': 'rejects a form content type', 'request': cf_req(ctype='application/x-www-form-urlencoded'), 'now': NOW, 'expect': err('unsupported_media_type')},
        {'name': 'rejects a latin-1 charset', 'request': cf_req(ctype='application/json; charset=iso-8859-1'), 'now': NOW, 'expect': err('unsupported_media_type')},
    ],
})

# ---------------------------------------------------------------- Cashfree 1b: cf_* form
FORM_SECRET = 'ac7960e7995536f0177fd210f3b3937fc2d974a4'
SUB_FIELDS = [('cf_event', 'SUBSCRIPTION_STATUS_CHANGE'), ('cf_subReferenceId', '12345'), ('cf_status', 'ACTIVE'),
              ('cf_lastStatus', 'BANK_APPROVAL_PENDING'), ('cf_eventTime', '2023-07-31 10:00:00'),
              ('cf_subscriptionId', 'sub_demo_1'), ('other', 'x')]


def cf_data(fields, key=lambda k: k):
    signed = sorted([(k, v) for k, v in fields if k.startswith('cf_')], key=lambda kv: key(kv[0]))
    return ''.join(k + v for k, v in signed)


data = cf_data(SUB_FIELDS)
expect_equal(data, 'cf_eventSUBSCRIPTION_STATUS_CHANGEcf_eventTime2023-07-31 10:00:00cf_lastStatusBANK_APPROVAL_PENDINGcf_statusACTIVEcf_subReferenceId12345cf_subscriptionIdsub_demo_1', 'cf_ data')
sub_sig = b64(mac('sha256', FORM_SECRET, data))
expect_equal(sub_sig, 'ULP2B1/Lg73ULo7K+hbUTX+UW6aTbgfgDlyba0apLbA=', 'cf_ signature')


def form(fields, sig, url):
    pairs = list(fields) + ([('signature', sig)] if sig is not None else [])
    return {'method': 'POST', 'url': url, 'headers': {'content-type': 'application/x-www-form-urlencoded'},
            'body': urllib.parse.urlencode(pairs)}


SUB_URL = '/webhooks/cashfree/subscription'
# Keys whose order differs between code-unit and case-insensitive sorting: 'I' < '_' < 'i'.
CASE_FIELDS = [('cf_event', 'PAYMENT'), ('cf_orderId', 'o1'), ('cf_order_amount', '10.00')]
case_sig = b64(mac('sha256', FORM_SECRET, cf_data(CASE_FIELDS)))
case_insensitive_sig = b64(mac('sha256', FORM_SECRET, cf_data(CASE_FIELDS, key=str.lower)))
assert case_sig != case_insensitive_sig
empty_fields = [('cf_event', 'X'), ('cf_note', '')]
empty_sig = b64(mac('sha256', FORM_SECRET, 'cf_eventXcf_note'))
sub_payload = {k: v for k, v in SUB_FIELDS if k.startswith('cf_')}
write('cashfree-subscription', {
    'scheme': 'cashfree.subscription',
    'options': {'secret': FORM_SECRET},
    'cases': [
        {'name': 'accepts the spec vector; the payload holds only the signed cf_ fields', 'request': form(SUB_FIELDS, sub_sig, SUB_URL), 'expect': ok(0, sub_payload),
         'sign': {'input': {'fields': dict(SUB_FIELDS)}, 'signature': sub_sig}},
        {'name': 'accepts fields in any order', 'request': form(list(reversed(SUB_FIELDS)), sub_sig, SUB_URL), 'expect': ok()},
        {'name': 'accepts keys sorted by code unit (I before _)', 'request': form(CASE_FIELDS, case_sig, SUB_URL), 'expect': ok(),
         'sign': {'input': {'fields': dict(CASE_FIELDS)}, 'signature': case_sig}},
        {'name': 'rejects a signature made with case-insensitive sorting', 'request': form(CASE_FIELDS, case_insensitive_sig, SUB_URL), 'expect': err('invalid_signature')},
        {'name': 'signs an empty cf_ value by its key alone', 'request': form(empty_fields, empty_sig, SUB_URL), 'expect': ok(0, {'cf_event': 'X', 'cf_note': ''})},
        {'name': 'accepts a changed unsigned field, which stays out of the payload', 'request': form([*SUB_FIELDS[:-1], ('other', 'changed')], sub_sig, SUB_URL), 'expect': ok(0, sub_payload)},
        {'name': 'rejects a changed cf_ value', 'request': form([('cf_event', 'SUBSCRIPTION_STATUS_CHANGE'), ('cf_subReferenceId', '12346'), *SUB_FIELDS[2:]], sub_sig, SUB_URL), 'expect': err('invalid_signature')},
        {'name': 'rejects an added cf_ field', 'request': form([*SUB_FIELDS, ('cf_extra', '1')], sub_sig, SUB_URL), 'expect': err('invalid_signature')},
        {'name': 'rejects a repeated cf_ field', 'request': form([*SUB_FIELDS, ('cf_status', 'ACTIVE')], sub_sig, SUB_URL), 'expect': err('malformed_request')},
        {'name': 'rejects a repeated signature field', 'request': form([*SUB_FIELDS, ('signature', sub_sig)], sub_sig, SUB_URL), 'expect': err('malformed_request')},
        {'name': 'rejects a missing signature field', 'request': form(SUB_FIELDS, None, SUB_URL), 'expect': err('missing_signature')},
        {'name': 'rejects a JSON content type', 'request': {**form(SUB_FIELDS, sub_sig, SUB_URL), 'headers': {'content-type': 'application/json'}}, 'expect': err('unsupported_media_type')},
    ],
})

# ---------------------------------------------------------------- Cashfree 1c: legacy notify
LEGACY = [('orderId', 'ORD1001'), ('orderAmount', '100.00'), ('referenceId', '885123'), ('txStatus', 'SUCCESS'),
          ('paymentMode', 'UPI'), ('txMsg', 'Transaction Successful'), ('txTime', '2021-04-06 12:00:00')]
legacy_sig = b64(mac('sha256', FORM_SECRET, ''.join(v for _, v in LEGACY)))
expect_equal(legacy_sig, '9Kq8FqZwMZFmvQCwiksS951KLOfPTHjtGbfLWol81oM=', 'legacy notify')
LEGACY_URL = '/webhooks/cashfree/notify'
write('cashfree-legacy-notify', {
    'scheme': 'cashfree.legacyNotify',
    'options': {'secret': FORM_SECRET},
    'cases': [
        {'name': 'accepts the spec vector', 'request': form(LEGACY, legacy_sig, LEGACY_URL), 'expect': ok(0, dict(LEGACY)),
         'sign': {'input': {'fields': dict(LEGACY)}, 'signature': legacy_sig}},
        {'name': 'rejects a re-formatted amount (100 instead of 100.00)', 'request': form([('orderId', 'ORD1001'), ('orderAmount', '100'), *LEGACY[2:]], legacy_sig, LEGACY_URL), 'expect': err('invalid_signature')},
        {'name': 'rejects a missing signed field', 'request': form([f for f in LEGACY if f[0] != 'txMsg'], legacy_sig, LEGACY_URL), 'expect': err('malformed_request')},
        {'name': 'rejects a repeated signed field', 'request': form([*LEGACY, ('orderAmount', '1.00')], legacy_sig, LEGACY_URL), 'expect': err('malformed_request')},
    ],
})

# ---------------------------------------------------------------- Cashfree 1d: payouts v1
PAYOUT = [('event', 'TRANSFER_SUCCESS'), ('transferId', 'tr_1'), ('referenceId', '123'), ('acknowledged', '1'),
          ('eventTime', '2021-01-01 10:00:00'), ('utr', 'UTR1')]
pdata = ''.join(v for _, v in sorted(PAYOUT))
expect_equal(pdata, '1TRANSFER_SUCCESS2021-01-01 10:00:00123tr_1UTR1', 'payouts data')
payout_sig = b64(mac('sha256', FORM_SECRET, pdata))
expect_equal(payout_sig, 'n9wGlc9TlPcu+H+AlLTMa6/wUuhxTtDjPVw0vKq0S9I=', 'payouts v1')
PAYOUT_URL = '/webhooks/cashfree/payouts'
proto = [('__proto__', 'polluted'), ('constructor', 'x'), ('event', 'TRANSFER_SUCCESS')]
proto_sig = b64(mac('sha256', FORM_SECRET, ''.join(v for _, v in sorted(proto))))
write('cashfree-payouts-v1', {
    'scheme': 'cashfree.payoutsV1',
    'options': {'secret': FORM_SECRET},
    'cases': [
        {'name': 'accepts the spec vector', 'request': form(PAYOUT, payout_sig, PAYOUT_URL), 'expect': ok(0, dict(PAYOUT)),
         'sign': {'input': {'fields': dict(PAYOUT)}, 'signature': payout_sig}},
        {'name': 'keeps __proto__ and constructor as plain payload keys', 'request': form(proto, proto_sig, PAYOUT_URL), 'expect': ok(0, dict(proto))},
        {'name': 'rejects a changed value', 'request': form([('event', 'TRANSFER_FAILED'), *PAYOUT[1:]], payout_sig, PAYOUT_URL), 'expect': err('invalid_signature')},
        {'name': 'rejects a repeated field', 'request': form([*PAYOUT, ('utr', 'UTR1')], payout_sig, PAYOUT_URL), 'expect': err('malformed_request')},
    ],
})

# ---------------------------------------------------------------- Smile ID
SMILE_KEY = 'smile-api-key-example'
SMILE_TS = '2022-04-03T21:31:47.296Z'
SMILE_NOW = 1649021507296 + 1000
s085 = b64(mac('sha256', SMILE_KEY, SMILE_TS + '085' + 'sid_request'))
s85 = b64(mac('sha256', SMILE_KEY, SMILE_TS + '85' + 'sid_request'))
expect_equal(s085, '2l527KvebO8jmqwCGtTovtTNB3K8qdp1IBC+hqHRIGw=', 'smile 085')
expect_equal(s85, 'cNM1D2KInSzACltq3U0VCJDTvUi5QB/WMlzFZNgKaWc=', 'smile 85')


def smile(sig=s085, ts=SMILE_TS, extra=None, raw=None):
    body = {'job_id': 'job_1', 'ResultCode': '1012', 'ResultText': 'Valid ID'}
    if ts is not None:
        body['timestamp'] = ts
    if sig is not None:
        body['signature'] = sig
    body.update(extra or {})
    return {'method': 'POST', 'url': '/webhooks/smile-id', 'headers': {'content-type': 'application/json'},
            'body': raw if raw is not None else json.dumps(body, separators=(',', ':'))}


naive_ts = '2022-04-03 21:31:47.296000'
naive_sig = b64(mac('sha256', SMILE_KEY, naive_ts + '085' + 'sid_request'))
write('smile-id', {
    'scheme': 'smile-id',
    'options': {'partnerId': '085', 'apiKey': SMILE_KEY},
    'cases': [
        {'name': 'accepts the spec vector', 'request': smile(), 'now': SMILE_NOW, 'expect': ok(0, json.loads(smile()['body'])),
         'sign': {'input': {'timestamp': SMILE_TS}, 'signature': s085}},
        {'name': 'rejects the signature for partner 85 when the partner is 085', 'request': smile(sig=s85), 'now': SMILE_NOW, 'expect': err('invalid_signature')},
        {'name': 'accepts partner 85 with its own signature', 'options': {'partnerId': '85', 'apiKey': SMILE_KEY}, 'request': smile(sig=s85), 'now': SMILE_NOW, 'expect': ok(),
         'sign': {'input': {'timestamp': SMILE_TS}, 'signature': s85}},
        {'name': 'accepts any body with a valid pair (the body is not signed)', 'request': smile(extra={'ResultCode': '9999'}), 'now': SMILE_NOW, 'expect': ok()},
        {'name': 'rejects a timestamp 301 s old', 'request': smile(), 'now': 1649021507296 + 301_000, 'expect': err('timestamp_out_of_tolerance')},
        {'name': 'rejects a re-formatted timestamp (the text is what was signed)', 'request': smile(ts='2022-04-03T21:31:47.296+00:00'), 'now': SMILE_NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a validly signed zoneless timestamp while a tolerance is set', 'request': smile(sig=naive_sig, ts=naive_ts), 'now': SMILE_NOW, 'expect': err('timestamp_out_of_tolerance')},
        {'name': 'accepts a zoneless timestamp when tolerance is false', 'options': {'partnerId': '085', 'apiKey': SMILE_KEY, 'tolerance': False}, 'request': smile(sig=naive_sig, ts=naive_ts), 'now': SMILE_NOW, 'expect': ok()},
        {'name': 'rejects a missing signature', 'request': smile(sig=None), 'now': SMILE_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a missing timestamp', 'request': smile(ts=None), 'now': SMILE_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a numeric signature field', 'request': smile(extra={'signature': 12345}), 'now': SMILE_NOW, 'expect': err('malformed_request')},
        {'name': 'rejects a body that is not JSON', 'request': smile(raw='timestamp=1&signature=2'), 'now': SMILE_NOW, 'expect': err('malformed_request')},
        {'name': 'rejects a JSON array body', 'request': smile(raw='[1,2,3]'), 'now': SMILE_NOW, 'expect': err('malformed_request')},
    ],
})

# ---------------------------------------------------------------- Fiserv
F_KEY, F_SECRET = 'ApiKeyExample123', 'ApiSecretExample456'
F_RID, F_TS = '0f8fad5b-d9cb-469f-a165-70867728950e', '1700000000000'
F_BODY = '{"requestType":"PaymentCardSaleTransaction","transactionAmount":{"total":"13","currency":"GBP"}}'
fd = mac('sha256', F_SECRET, F_KEY + F_RID + F_TS + F_BODY)
f_raw, f_hex = b64(fd), b64(fd.hex().encode())
expect_equal(f_raw, 'OYBg7wnseYQrxaOCaxrF8NJbPQheTzsxn2xbn+IhIJ0=', 'fiserv raw')
expect_equal(f_hex, 'Mzk4MDYwZWYwOWVjNzk4NDJiYzVhMzgyNmIxYWM1ZjBkMjViM2QwODVlNGYzYjMxOWY2YzViOWZlMjIxMjA5ZA==', 'fiserv hex')
F_NOW = int(F_TS) + 1000


def fiserv_req(sig=f_raw, key=F_KEY, rid=F_RID, ts=F_TS, body=F_BODY):
    h = {'content-type': 'application/json'}
    for name, value in (('api-key', key), ('client-request-id', rid), ('timestamp', ts), ('message-signature', sig)):
        if value is not None:
            h[name] = value
    return {'method': 'POST', 'url': '/webhooks/fiserv', 'headers': h, 'body': body}


secs = str(int(F_TS) // 1000)
secs_sig = b64(mac('sha256', F_SECRET, F_KEY + F_RID + secs + F_BODY))
get_sig = b64(mac('sha256', F_SECRET, F_KEY + F_RID + F_TS))
fiserv_get = {**fiserv_req(sig=get_sig, body=''), 'method': 'GET'}
del fiserv_get['headers']['content-type']
write('fiserv', {
    'scheme': 'fiserv',
    'options': {'apiKey': F_KEY, 'secret': F_SECRET},
    'cases': [
        {'name': 'accepts the spec vector (base64 of the digest)', 'request': fiserv_req(), 'now': F_NOW, 'expect': ok(0, json.loads(F_BODY)),
         'sign': {'input': {'body': F_BODY, 'requestId': F_RID, 'timestamp': int(F_TS)}, 'signature': f_raw}},
        {'name': 'accepts the hex form (base64 of the hex digest)', 'request': fiserv_req(sig=f_hex), 'now': F_NOW, 'expect': ok(),
         'sign': {'input': {'body': F_BODY, 'requestId': F_RID, 'timestamp': int(F_TS), 'encoding': 'hex-base64'}, 'signature': f_hex}},
        {'name': 'accepts the hex form with uppercase hex', 'request': fiserv_req(sig=b64(fd.hex().upper().encode())), 'now': F_NOW, 'expect': ok()},
        {'name': 'accepts a signed GET with an empty body and no content type', 'request': fiserv_get, 'now': F_NOW, 'expect': ok()},
        {'name': 'rejects a tampered body', 'request': fiserv_req(body=F_BODY.replace('"13"', '"1300"')), 'now': F_NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects a changed request id', 'request': fiserv_req(rid='11111111-d9cb-469f-a165-70867728950e'), 'now': F_NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects an unknown api key', 'request': fiserv_req(key='SomeoneElse'), 'now': F_NOW, 'expect': err('unknown_key')},
        {'name': 'rejects a validly signed seconds timestamp as out of tolerance', 'request': fiserv_req(sig=secs_sig, ts=secs), 'now': F_NOW, 'expect': err('timestamp_out_of_tolerance')},
        {'name': 'rejects a missing request id', 'request': fiserv_req(rid=None), 'now': F_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a missing api key', 'request': fiserv_req(key=None), 'now': F_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a missing signature', 'request': fiserv_req(sig=None), 'now': F_NOW, 'expect': err('missing_signature')},
    ],
})

# ---------------------------------------------------------------- UiCheck
U = mac('sha256', 'your_uicheck_secret', 'your_uicheck_id' + 'cus_12345678').hex()
expect_equal(U, '3a0656fc87468dedcb119ada93d5c787ef4cbf5fbd38ea3599d3da5d87f7ec2c', 'uicheck')
ruby = mac('sha256', 'your_uicheck_secret', 'your_uicheck_id' + 'your_uicheck_secret').hex()
write('uicheck', {
    'scheme': 'uicheck',
    'options': {'id': 'your_uicheck_id', 'secret': 'your_uicheck_secret'},
    'sign': [
        {'name': 'signs uicheck_id + customer id', 'input': {'customer': 'cus_12345678'}, 'signature': U, 'notSignature': ruby},
    ],
})

# ---------------------------------------------------------------- Ethoca
E_KEY = 'weing1phojieRaht'
example = HERE / 'ethoca-example.txt'  # copied byte for byte from shared/spec
lines = example.read_text().split('\n')
E_BODY, E_DATE = lines[2], '2017-06-19T13:18:18Z'
ed = mac('sha1', E_KEY, example.read_bytes())
expect_equal(ed.hex(), '9d125ef9621dfddf9755c5ffa2c9ac8537f073a5', 'ethoca digest')
e27, e38 = b64url(ed), b64url(b64(ed).encode())
expect_equal(e27, 'nRJe-WId_d-XVcX_osmshTfwc6U', 'ethoca 27')
expect_equal(e38, 'blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ', 'ethoca 38')
E_NOW = 1497878298000 + 1000
get_string = '\n'.join(['merchant.com', 'https://merchant.com:443/api/orders/healthchecks', '', 'GET', 'application/json', E_DATE])
eget = b64url(mac('sha1', E_KEY, get_string))
expect_equal(eget, 'cdVn3MFN4fKU7hmMw_fVe14Jkvg', 'ethoca GET')


def eth(sig=e27, keyref='k1', date=E_DATE, body=E_BODY, method='POST', url='/api/orders', auth=None, host=None):
    h = {'content-type': 'application/json'}
    if auth is None and sig is not None:
        auth = f'ETHOCA-SHA1 KeyRef={keyref},Signature={sig}'
    if auth is not None:
        h['authorization'] = auth
    if date is not None:
        h['x-eth-date'] = date
    if host is not None:
        h['host'] = host
    return {'method': method, 'url': url, 'headers': h, 'body': body}


pretty = json.dumps(json.loads(E_BODY), indent=2)
assert pretty != E_BODY
query_string = '\n'.join(['merchant.com', 'https://merchant.com:443/api/orders?since=2017-06-01&x=%20y', '', 'GET', 'application/json', E_DATE])
equery = b64url(mac('sha1', E_KEY, query_string))
internal = '\n'.join(['internal.local', 'https://internal.local:8443/api/orders', E_BODY, 'POST', 'application/json', E_DATE])
einternal = b64url(mac('sha1', E_KEY, internal))
E_OPTS = {'keys': {'k1': E_KEY}, 'publicUrl': 'https://merchant.com'}
write('ethoca', {
    'scheme': 'ethoca',
    'options': E_OPTS,
    'cases': [
        {'name': 'accepts the worked example (27-character base64url)', 'request': eth(), 'now': E_NOW, 'expect': ok('k1', json.loads(E_BODY)),
         'sign': {'input': {'url': '/api/orders', 'body': E_BODY, 'date': E_DATE, 'keyRef': 'k1'}, 'signature': e27}},
        {'name': "accepts the doc's double-encoded 38-character value", 'request': eth(sig=e38), 'now': E_NOW, 'expect': ok('k1'),
         'sign': {'input': {'url': '/api/orders', 'body': E_BODY, 'date': E_DATE, 'encoding': 'double-encoded'}, 'signature': e38}},
        {'name': 'accepts the same body pretty-printed (whitespace outside strings is not signed)', 'request': eth(body=pretty), 'now': E_NOW, 'expect': ok('k1')},
        {'name': 'accepts the GET health check with an empty body', 'request': eth(sig=eget, body='', method='GET', url='/api/orders/healthchecks'), 'now': E_NOW, 'expect': ok('k1'),
         'sign': {'input': {'url': '/api/orders/healthchecks', 'method': 'GET', 'date': E_DATE}, 'signature': eget}},
        {'name': 'signs the query string verbatim', 'request': eth(sig=equery, body='', method='GET', url='/api/orders?since=2017-06-01&x=%20y'), 'now': E_NOW, 'expect': ok('k1')},
        {'name': 'accepts spaces around the Authorization parameters', 'request': eth(auth=f'ETHOCA-SHA1 KeyRef = k1 , Signature = {e27}'), 'now': E_NOW, 'expect': ok('k1')},
        {'name': 'derives the origin from Host when no publicUrl is set', 'options': {'keys': {'k1': E_KEY}}, 'request': eth(sig=einternal, host='internal.local:8443'), 'now': E_NOW, 'expect': ok('k1')},
        {'name': 'rejects a space removed inside a string', 'request': eth(body=E_BODY.replace('Test Issuer', 'TestIssuer')), 'now': E_NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects the request at another path', 'request': eth(url='/api/orders2'), 'now': E_NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects another method', 'request': eth(method='PUT'), 'now': E_NOW, 'expect': err('invalid_signature')},
        {'name': 'rejects an unknown KeyRef', 'request': eth(keyref='k9'), 'now': E_NOW, 'expect': err('unknown_key')},
        {'name': 'rejects KeyRef=constructor (no prototype lookup)', 'request': eth(keyref='constructor'), 'now': E_NOW, 'expect': err('unknown_key')},
        {'name': 'rejects a missing Authorization header', 'request': eth(sig=None), 'now': E_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects another Authorization scheme', 'request': eth(auth='Bearer abc'), 'now': E_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a missing Signature parameter', 'request': eth(auth='ETHOCA-SHA1 KeyRef=k1'), 'now': E_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a repeated Signature parameter', 'request': eth(auth=f'ETHOCA-SHA1 KeyRef=k1,Signature={e27},Signature={e27}'), 'now': E_NOW, 'expect': err('malformed_request')},
        {'name': 'rejects a missing X-Eth-Date', 'request': eth(date=None), 'now': E_NOW, 'expect': err('missing_signature')},
        {'name': 'rejects a request 301 s old', 'request': eth(), 'now': 1497878298000 + 301_000, 'expect': err('timestamp_out_of_tolerance')},
    ],
})
print('vectors written')
