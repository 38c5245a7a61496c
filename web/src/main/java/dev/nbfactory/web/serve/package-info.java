/**
 * {@code factory serve}: a registry model behind MLflow's scoring protocol, following its alias,
 * logging every decision durably and taking outcomes back.
 */
package dev.nbfactory.web.serve;
