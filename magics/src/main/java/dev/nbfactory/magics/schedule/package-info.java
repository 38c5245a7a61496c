/**
 * Promotion: pinning a notebook as a schedule (cron expressions read the way the scheduler reads
 * them, options shared by {@code %promote} and {@code factory promote}).
 */
package dev.nbfactory.magics.schedule;
