// Embeds the store's web chat on any page:
//   <script src="https://YOUR-DEALERBOT-HOST/embed.js" async></script>
// Adds a chat button in the corner that opens the customer chat in an iframe.
(() => {
  var script = document.currentScript;
  var origin = new URL(script ? script.src : '/embed.js', location.href).origin;
  var label = (script && script.dataset.label) || ((navigator.language || 'zh').toLowerCase().indexOf('zh') === 0 ? '在线咨询' : 'Chat with us');
  var color = (script && script.dataset.color) || '#0b5cad';
  var open = false;
  var frame = document.createElement('iframe');
  frame.src = origin + '/?embed=1';
  frame.title = label;
  frame.allow = 'clipboard-write';
  frame.style.cssText =
    'position:fixed;right:16px;bottom:84px;width:min(380px,calc(100vw - 32px));height:min(600px,calc(100vh - 120px));border:0;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.2);z-index:2147483000;display:none;background:#fff';
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText =
    'position:fixed;right:16px;bottom:16px;z-index:2147483001;border:0;border-radius:28px;padding:14px 20px;font:600 15px system-ui,sans-serif;color:#fff;background:' +
    color +
    ';box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer';
  button.addEventListener('click', () => {
    open = !open;
    frame.style.display = open ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(open));
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
