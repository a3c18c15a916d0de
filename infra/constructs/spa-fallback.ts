/**
 * CloudFront Function (viewer request) on the web app's behaviour: a client route (a path without a file
 * extension, e.g. /lapor or /lacak/7KQ4-M9XP) is answered with its page's index.html, the staff console's
 * under /staf. API paths never reach it: they have their own behaviours. Kept as text for the cloudfront-js-2.0
 * runtime (no modules), and tested by running it (test/infra/web-distribution.test.ts).
 */
export const SPA_FALLBACK_SOURCE = `
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) return request;
  if (uri === '/staf' || uri.indexOf('/staf/') === 0) request.uri = '/staf/index.html';
  else request.uri = '/index.html';
  return request;
}
`;
