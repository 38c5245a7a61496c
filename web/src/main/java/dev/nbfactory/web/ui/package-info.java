/**
 * {@code factory ui}: the registry in a browser. Pages are rendered on the server from the
 * registry; every value from the registry or a notebook is escaped or passes an allow-list, and a
 * Content-Security-Policy forbids inline script, so nothing stored can run script in the UI.
 */
package dev.nbfactory.web.ui;
