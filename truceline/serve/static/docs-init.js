// Starts the offline Swagger UI on /docs (a file, not an inline script: the CSP forbids those).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
