// Passkeys on the hosted pages (package passkey, issue 16): sign-in on /login (button and autofill,
// i.e. conditional mediation) and registration on /account/passkeys. Served from 'self' under
// "script-src 'self'"; no inline script, no eval. The ceremonies are checked by the server.
// Its texts come from the pages' data-msg-* attributes, in the reader's language.
(function () {
  'use strict';

  if (!window.PublicKeyCredential || !navigator.credentials) {
    return; // no WebAuthn: the password form stays the way in
  }

  function enc(buffer) {
    const bytes = new Uint8Array(buffer);
    let s = '';
    for (let i = 0; i < bytes.length; i++) {
      s += String.fromCharCode(bytes[i]);
    }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function dec(text) {
    const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      bytes[i] = s.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      return { type: d.type, id: dec(d.id), transports: d.transports };
    });
  }

  function creationOptions(pk) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(pk);
    }
    const o = Object.assign({}, pk);
    o.challenge = dec(pk.challenge);
    o.user = Object.assign({}, pk.user, { id: dec(pk.user.id) });
    o.excludeCredentials = descriptors(pk.excludeCredentials);
    return o;
  }

  function requestOptions(pk) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(pk);
    }
    const o = Object.assign({}, pk);
    o.challenge = dec(pk.challenge);
    o.allowCredentials = descriptors(pk.allowCredentials);
    return o;
  }

  // The credential as WebAuthn L3's JSON (what the server parses).
  function toJSON(c) {
    if (typeof c.toJSON === 'function') {
      try {
        return c.toJSON();
      } catch (e) {
        // fall through to the manual encoding
      }
    }
    const r = c.response;
    const response = { clientDataJSON: enc(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = enc(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = enc(r.authenticatorData);
      response.signature = enc(r.signature);
      if (r.userHandle) {
        response.userHandle = enc(r.userHandle);
      }
    }
    return { id: c.id, rawId: enc(c.rawId), type: c.type, response: response,
             clientExtensionResults: c.getClientExtensionResults(), authenticatorAttachment: c.authenticatorAttachment };
  }

  function post(url, body, headers) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: Object.assign({ 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' }, headers || {}),
      body: JSON.stringify(body || {})
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) {
          const err = new Error(json.detail || json.error_description || 'refused');
          err.status = res.status;
          throw err;
        }
        return json;
      });
    });
  }

  function show(el, text) {
    if (el) {
      el.textContent = text;
      el.hidden = !text;
    }
  }

  // ------------------------------------------------------------ /login: sign in with a passkey
  const signIn = document.getElementById('passkey-sign-in');
  if (signIn) {
    const button = document.getElementById('passkey-button');
    const error = document.getElementById('passkey-error');
    const returnTo = signIn.getAttribute('data-return-to') || null;
    let pending = null; // the conditional (autofill) request: its controller and its promise
    let settled = Promise.resolve();

    const run = function (mediation) {
      if (pending) {
        pending.abort(); // a click replaces the autofill request; the browser allows one at a time
      }
      const controller = new AbortController();
      pending = controller;
      const previous = settled;
      const attempt = previous.then(function () {
        return post('/auth/passkeys/login/options', { session: 'cookie' });
      }).then(function (options) {
        const request = { publicKey: requestOptions(options.publicKey), signal: controller.signal };
        if (mediation) {
          request.mediation = mediation;
        }
        return navigator.credentials.get(request).then(function (credential) {
          return post('/auth/passkeys/login', {
            ceremony: options.ceremony, credential: toJSON(credential), session: 'cookie', return_to: returnTo
          });
        });
      }).then(function (answer) {
        window.location.assign(answer.location);
      }).catch(function (e) {
        if ((e && e.name === 'AbortError') || mediation === 'conditional') {
          return; // an autofill request that ended says nothing: the person did not ask for it
        }
        show(error, e && e.status ? signIn.dataset.msgRefused : signIn.dataset.msgIncomplete);
      });
      settled = attempt.catch(function () { /* shown above */ });
      return attempt;
    };

    signIn.hidden = false;
    button.addEventListener('click', function () {
      show(error, '');
      run(null);
    });
    // Autofill: the e-mail field offers the passkeys of this site (conditional mediation).
    const username = document.getElementById('username');
    if (username && PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (available) {
          username.setAttribute('autocomplete', 'username webauthn');
          run('conditional');
        }
      }).catch(function () { /* no autofill */ });
    }
  }

  // ------------------------------------------------------------ /login/mfa: the code step answered by a passkey
  const second = document.getElementById('passkey-mfa');
  if (second) {
    const button = document.getElementById('passkey-mfa-button');
    const error = document.getElementById('passkey-error');
    const csrf = second.getAttribute('data-csrf');
    const returnTo = second.getAttribute('data-return-to') || null;
    const headers = { 'X-CSRF-Token': csrf };
    // Shown only when the account has a passkey (the options answer 400 otherwise).
    post('/login/mfa/passkey/options', {}, headers).then(function () {
      second.hidden = false;
    }).catch(function () { /* no passkey: codes only */ });
    button.addEventListener('click', function () {
      show(error, '');
      post('/login/mfa/passkey/options', {}, headers).then(function (publicKey) {
        return navigator.credentials.get({ publicKey: requestOptions(publicKey) });
      }).then(function (credential) {
        return post('/login/mfa/passkey', { credential: toJSON(credential), return_to: returnTo }, headers);
      }).then(function (answer) {
        window.location.assign(answer.location);
      }).catch(function (e) {
        show(error, e && e.status ? second.dataset.msgRefused : second.dataset.msgIncomplete);
      });
    });
  }

  // ------------------------------------------------------------ /account/passkeys: add a passkey
  const register = document.getElementById('passkey-register');
  if (register) {
    const error = document.getElementById('passkey-error');
    const csrf = register.getAttribute('data-csrf');
    register.addEventListener('submit', function (event) {
      event.preventDefault();
      show(error, '');
      const name = document.getElementById('passkey-name').value.trim();
      if (!name) {
        show(error, register.dataset.msgNameMissing);
        return;
      }
      post('/account/passkeys/register/options', {}, { 'X-CSRF-Token': csrf }).then(function (options) {
        return navigator.credentials.create({ publicKey: creationOptions(options.publicKey) }).then(function (credential) {
          return post('/account/passkeys/register', { ceremony: options.ceremony, name: name, credential: toJSON(credential) },
            { 'X-CSRF-Token': csrf });
        });
      }).then(function () {
        window.location.assign('/account/passkeys');
      }).catch(function (e) {
        show(error, e && e.status === 403 ? register.dataset.msgNeedsRecent
          : e && e.status ? register.dataset.msgNotAdded + ' ' + e.message
          : register.dataset.msgIncomplete);
      });
    });
  }
})();
