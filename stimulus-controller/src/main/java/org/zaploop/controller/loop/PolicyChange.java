package org.zaploop.controller.loop;

/**
 * What became of an operator's policy change.
 *
 * @param applied whether the new policy now decides
 * @param policy  the policy that decides after the request
 * @param reason  what happened, as audited
 */
public record PolicyChange(boolean applied, String policy, String reason) {
}
