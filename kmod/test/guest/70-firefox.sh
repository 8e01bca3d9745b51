#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 720
#
# Firefox ESR as a consumer (issue 8): headless Firefox with a throwaway
# profile loads the camera test page (kmod/test/web), finds the camera by its
# label, captures it into a canvas (not black, moving), closes it, reloads the
# page (the document and its capture are torn down) and captures again, while
# the producer keeps running. The producer must survive Firefox.
#
# The camera is the one of the seed thread's use: the RTP JPEG relay example
# (examples/rtp-send.sh --test -> examples/rtp-receive.sh, i.e. vcam-launch).
# Without a built vcam-launch the test feeds the camera with vcamctl instead
# and says so; VCAM_TEST_PRODUCER=vcamctl|rtp-jpeg forces one.
#
# Under TCG Firefox is the slowest consumer we test (its start-up alone is
# most of the run), so the camera is small (160x120, 10 fps; VCAM_TEST_SIZE
# and VCAM_TEST_FPS override), the headless screen is 640x480 and the page
# skips its in-page reopen (reopen=0): the reload already closes and reopens
# the camera. VCAM_BROWSER_TIMEOUT (s, default 480) bounds the wait for the
# page's verdict; VCAM_KEEP=1 keeps the logs.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

LABEL="vcam firefox test"
SIZE=${VCAM_TEST_SIZE:-160x120}
FPS=${VCAM_TEST_FPS:-10}
TIMEOUT=${VCAM_BROWSER_TIMEOUT:-480}
VT_PAGE_DEADLINE=${VT_PAGE_DEADLINE:-180}

browser=$(command -v firefox-esr || command -v firefox) ||
	vt_skip "firefox-esr is not installed (apt-get install firefox-esr)"
vt_need python3 setsid

producer=${VCAM_TEST_PRODUCER:-}
if [ -z "$producer" ]; then
	if [ -x "${VCAM_LAUNCH:-$VT_REPO/vcam-launch}" ]; then
		producer=rtp-jpeg
	else
		producer=vcamctl
		vt_log "vcam-launch is not built: feeding the camera with vcamctl instead of the RTP JPEG relay"
	fi
fi
start=$(vt_now)
case $producer in
vcamctl)
	vt_start_vcamctl "$LABEL" "$SIZE" "$FPS" bars
	;;
rtp-jpeg)
	vt_need_launch
	vt_need gst-launch-1.0
	vt_start_example relay examples/rtp-receive.sh --codec jpeg --port 5650 \
		--size "$SIZE" --fps "$FPS" --label "$LABEL"
	vt_bg sender examples/rtp-send.sh --codec jpeg --test --size "$SIZE" --fps "$FPS" \
		127.0.0.1 5650
	sender=$VT_LAST_PID
	vt_wait_camera relay "$LABEL" 180
	;;
*) vt_fail "VCAM_TEST_PRODUCER=$producer: expected vcamctl or rtp-jpeg" ;;
esac
vt_log "producer $producer feeds $VT_DEV ($SIZE, $FPS fps) after $(vt_since "$start") s"
vt_start_server "$TIMEOUT"

# A throwaway profile. The first three prefs are what the test needs: no
# permission prompt, the real camera rather than a fake stream, through V4L2
# (not the PipeWire camera portal). The rest turn off first-run work,
# background services and extra processes that cost minutes under TCG and
# that a test without network has no use for.
profile=$VT_TMP/profile
mkdir -p "$VT_TMP/home" "$profile"
cat >"$profile/user.js" <<'PREFS'
user_pref("media.navigator.permission.disabled", true);
user_pref("media.navigator.streams.fake", false);
user_pref("media.webrtc.camera.allow-pipewire", false);
user_pref("media.autoplay.default", 0);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
user_pref("browser.search.update", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("app.shield.optoutstudies.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.systemAddon.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("browser.cache.disk.enable", false);
user_pref("dom.ipc.processPrelaunch.enabled", false);
user_pref("fission.autostart", false);
user_pref("dom.ipc.processCount", 1);
user_pref("network.process.enabled", false);
user_pref("extensions.webextensions.remote", false);
user_pref("ui.prefersReducedMotion", 1);
user_pref("layout.frame_rate", 20);
PREFS
t=$(vt_now)
HOME=$VT_TMP/home MOZ_CRASHREPORTER_DISABLE=1 MOZ_HEADLESS_WIDTH=640 MOZ_HEADLESS_HEIGHT=480 \
	vt_bg firefox "$browser" --headless --no-remote --profile "$profile" \
	"$(vt_page_url "$LABEL" "${SIZE%x*}" "${SIZE#*x}" reopen=0)"
browser_pid=$VT_LAST_PID

vt_wait_verdict "$TIMEOUT" firefox "$browser_pid"
vt_log "page verdict $(vt_since "$t") s after Firefox started:"
vt_summary >&2

# The consumer goes away for good: the producer must not notice.
kill -TERM -- "-$browser_pid" 2>/dev/null
vt_wait_pid "$browser_pid" 30 >/dev/null
sleep 1
case $producer in
vcamctl)
	vt_alive "$VT_PRODUCER" || { vt_tail producer; vt_fail "vcamctl exited after Firefox closed the camera"; }
	vt_stop_vcamctl
	[ "$(vt_stat errors)" = 0 ] || vt_fail "the camera counted errors: $VT_STATS"
	;;
rtp-jpeg)
	vt_alive "$VT_EXAMPLE" || { vt_tail relay; vt_fail "the relay exited after Firefox closed the camera"; }
	vt_stop_example relay
	kill -TERM "$sender"
	;;
esac
vt_pass "Firefox found \"$LABEL\" ($producer, $SIZE), captured, reopened after a reload ($(vt_since "$start") s)"
