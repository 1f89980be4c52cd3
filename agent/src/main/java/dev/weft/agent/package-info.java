/**
 * The Weft java agent, {@link dev.weft.agent.WeftAgent}: it rewrites every read and write of a
 * {@code @SessionScoped} field, in every application class, into a call to the runtime's session
 * bridge. The agent names the bridge by descriptor only and never loads runtime, Hazelcast or
 * application classes itself; its Byte Buddy (for ASM, and for attaching to a running JVM) is
 * shaded into the agent jar under {@code dev.weft.agent.shaded}. Everything in
 * {@code dev.weft.agent.internal} may change freely.
 */
package dev.weft.agent;
