/*
 * A minimal front end for the official SQLCipher library, used by the tests as an independent
 * reader of vault databases: `sqlcipher4 DB "SQL; SQL; ..."` runs the statements and prints each
 * row as values separated by '|', like the sqlcipher shell in list mode.
 */
#include <stdio.h>
#include "sqlite3.h"

static int print_row(void *unused, int n, char **values, char **names) {
  (void)unused;
  (void)names;
  for (int i = 0; i < n; i++) printf("%s%s", i ? "|" : "", values[i] ? values[i] : "");
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  sqlite3 *db;
  if (argc < 2) {
    fprintf(stderr, "usage: sqlcipher4 DB [SQL]...\n");
    return 2;
  }
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
    fprintf(stderr, "cannot open the database\n");
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    char *err = NULL;
    if (sqlite3_exec(db, argv[i], print_row, NULL, &err) != SQLITE_OK) {
      fprintf(stderr, "error: %s\n", err ? err : "unknown");
      sqlite3_close(db);
      return 1;
    }
  }
  sqlite3_close(db);
  return 0;
}
