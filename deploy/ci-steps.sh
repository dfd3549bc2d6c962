# Sourced by the CI scripts (ci-bare.sh, ci-package.sh, ci-aarch64.sh): named, timed steps.
#   step_tag=package; source deploy/ci-steps.sh
#   step "build the .deb"      # ends (and times) the previous step, starts this one
#   ...
#   step_timings "package CI"  # ends the last step, prints every step's time and the total
# shellcheck shell=bash
steps_t0=$SECONDS
step_start=$SECONDS
step_name=""
timings=()
step() {
  end_step
  step_name=$1
  step_start=$SECONDS
  echo
  echo "==> [$step_tag] $step_name"
}
end_step() {
  if [ -n "$step_name" ]; then
    timings+=("$(printf '%5ss  %s' $((SECONDS - step_start)) "$step_name")")
    echo "<== [$step_tag] $step_name: $((SECONDS - step_start)) s"
  fi
  step_name=""
}
step_timings() { # title
  end_step
  echo
  echo "$1 step timings:"
  printf '%s\n' "${timings[@]}"
  echo "$(printf '%5ss' $((SECONDS - steps_t0)))  total"
}
