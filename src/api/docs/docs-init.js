// Start-up script of /docs, served as a file so the page's Content-Security-Policy needs no 'unsafe-inline'.
// validatorUrl: null keeps Swagger UI from sending the document to its public validator.
window.ui = window.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [window.SwaggerUIBundle.presets.apis],
});
