# src/admin/admin.mk
