/**
 * The Content-Security-Policy of the renderer: the very text of the meta tag in src/renderer/index.html (a test
 * keeps the two equal), sent as a header by the web host.
 */
export const RENDERER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'"
