"""The fixture of tests/open_windows.py fails a test that leaves a window open, and only such
a test: run on a small suite of real windows with pytester."""

SUITE = '''
import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

KEPT = []  # holds the leaked window, so it is not garbage-collected and closed by chance


def test_leaves_a_window_open(qapp):
    window = QMainWindow()
    window.setWindowTitle("Forgotten")
    window.show()
    KEPT.append(window)


def test_registers_its_window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()


def test_a_dialog_goes_with_its_registered_owner(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    dialog.show()
    KEPT.extend([window, dialog])  # alive in Python, so only Qt's deleteLater removes them


@pytest.fixture
def own_window(qapp):
    window = QWidget()
    window.show()
    yield window
    window.close()


def test_a_fixture_closes_its_window_after_the_test(own_window):
    assert own_window.isVisible()


def test_hides_its_window(qapp):
    window = QWidget()
    window.show()
    window.hide()
    KEPT.append(window)


def test_after_the_leak_nothing_is_left_open(qapp):
    from PySide6.QtWidgets import QApplication

    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
'''


def test_only_the_test_that_leaves_a_window_open_fails(pytester):
    pytester.makeconftest('pytest_plugins = ["tests.open_windows"]')
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=6, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_leaves_a_window_open*",
        "*the test left windows open*: QMainWindow 'Forgotten'",
    ])
