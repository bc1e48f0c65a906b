#ifndef WORKBENCH_CNCURSES_SHIM_H
#define WORKBENCH_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <ncurses.h>

// Attribute macros Swift cannot import.
static inline attr_t wb_attr_bold(void) { return A_BOLD; }
static inline attr_t wb_attr_dim(void) { return A_DIM; }
static inline attr_t wb_attr_italic(void) { return A_ITALIC; }
static inline attr_t wb_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t wb_attr_reverse(void) { return A_REVERSE; }

// Draws one character with attributes and a colour pair at (y, x).
static inline int wb_put(int y, int x, const wchar_t *text, attr_t attributes, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, (short)pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

static inline int wb_lines(void) { return LINES; }
static inline int wb_columns(void) { return COLS; }
static inline int wb_color_pairs(void) { return COLOR_PAIRS; }
static inline int wb_colors(void) { return COLORS; }
static inline int wb_keypad_on(void) { return keypad(stdscr, TRUE); }

// Signals. SIGINT, SIGTERM and SIGHUP set a flag the key loop turns into a clean quit; a second
// SIGINT, or a crash signal, restores the terminal at once and lets the signal take its course.
static inline volatile sig_atomic_t *wb_interrupt_flag(void) {
    static volatile sig_atomic_t flag = 0;
    return &flag;
}

static inline void wb_on_quit_signal(int signal_number) {
    volatile sig_atomic_t *flag = wb_interrupt_flag();
    if (*flag && signal_number == SIGINT) {
        endwin();
        _exit(130);
    }
    *flag = 1;
}

static inline void wb_on_crash_signal(int signal_number) {
    endwin();
    static const char message[] = "\nworkbench: crashed; the terminal was restored.\n";
    ssize_t ignored = write(2, message, sizeof message - 1);
    (void)ignored;
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static inline void wb_install_signal_handlers(void) {
    struct sigaction quit_action;
    memset(&quit_action, 0, sizeof quit_action);
    quit_action.sa_handler = wb_on_quit_signal;
    sigaction(SIGINT, &quit_action, NULL);
    sigaction(SIGTERM, &quit_action, NULL);
    sigaction(SIGHUP, &quit_action, NULL);
    struct sigaction crash_action;
    memset(&crash_action, 0, sizeof crash_action);
    crash_action.sa_handler = wb_on_crash_signal;
    crash_action.sa_flags = SA_RESETHAND;
    int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    for (unsigned i = 0; i < sizeof crashes / sizeof *crashes; i++) sigaction(crashes[i], &crash_action, NULL);
}

static inline int wb_take_interrupt(void) {
    volatile sig_atomic_t *flag = wb_interrupt_flag();
    int was = *flag;
    return was;
}

// Ctrl-Z: raw mode turns it into a key, so the program stops itself the way the terminal would
// have: the screen is restored, the process stops with the default SIGTSTP action, and after
// `fg` (SIGCONT) curses takes the screen back. The caller redraws everything.
static inline void wb_suspend(void) {
    def_prog_mode();
    endwin();
    fflush(stdout);
    struct sigaction previous, stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigaction(SIGTSTP, &stop, &previous);
    sigset_t tstp, old_mask;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, &old_mask);
    kill(0, SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    sigaction(SIGTSTP, &previous, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}

// Whether the current locale's character set is UTF-8.
static inline int wb_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
#endif
