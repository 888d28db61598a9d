# src/cli/admin.mk - the admin commands of the autostatic program (interfaces, update IFACE PROTO,
# result, routes, services), spoken to autostaticd through libautostatic's remote server; the
# control protocol's encoder is linked in for `update --async`.
src_cli_autostatic_SOURCES += \
	src/cli/admin.c \
	src/daemon/ctlproto.h \
	src/daemon/ctlproto.c
