/**
 * How served models do on live traffic: figures measured from the registry's prediction log, the
 * one place the server's watch, the scheduler's metric and drift triggers and a notebook read them.
 */
package dev.nbfactory.magics.live;
