/**
 * One-shot operations made of several engines, and the policies around them, as the command line runs
 * them: {@link io.syncflux.core.workflow.FullCopy} (schema replication, then the data copy) and
 * {@link io.syncflux.core.workflow.NodeWait} (wait until both nodes answer before a run starts). A front end
 * parses its input, calls these and prints the report.
 */
package io.syncflux.core.workflow;
