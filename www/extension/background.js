// Opens the side panel when the toolbar button is clicked. No content script: the Wasm module
// runs in the panel page's worker, never inside a CRM page (whose CSP would block it).
chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
