-- SPDX-License-Identifier: GPL-2.0+
-- WirePlumber 0.4 fragment for machines without systemd-logind (the test VM,
-- containers). The Bluetooth monitor loads the "logind" plugin; without
-- /run/systemd/seats that plugin fails to start ("failed to start systemd
-- logind monitor: -2") and WirePlumber disconnects and exits, taking the V4L2
-- monitor with it. Cameras need neither Bluetooth nor logind.
-- Use: XDG_CONFIG_HOME=<dir containing wireplumber/> wireplumber, or copy this
-- file to ~/.config/wireplumber/bluetooth.lua.d/.
bluez_monitor.enabled = false
